/* spec/parse_config.c — config.json's top level: spec_parse_config() and the
 * small fields (ociVersion, root, hostname, annotations). The sections live in
 * parse_process.c, parse_mounts.c, parse_linux.c and parse_hooks.c. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include "spec/json_walk.h"
#include "spec/names.h"
#include "spec/parse.h"
#include "util/cleanup.h"
#include "util/fs.h"

#define SPEC_UTS_NAME_MAX 64

/* Reads one decimal component; returns the position after it or NULL. */
static const char *semver_number(const char *s, unsigned long *out)
{
	char *end;

	if (*s < '0' || *s > '9')
		return NULL;
	*out = strtoul(s, &end, 10);
	return end;
}

/* ociVersion must be SemVer 2.0 (MAJOR.MINOR.PATCH with optional -pre and +build)
 * in the range pidbox implements. A config written for 1.4 may use fields whose
 * absence here would silently change meaning, so newer minors are refused. */
static int check_oci_version(const char *v, struct px_error *err)
{
	unsigned long major, minor, patch;
	const char *p = v;
	char q[SPEC_QUOTE_MAX];

	if (!(p = semver_number(p, &major)) || *p++ != '.' || !(p = semver_number(p, &minor)) || *p++ != '.' ||
	    !(p = semver_number(p, &patch)) || (*p && *p != '-' && *p != '+') || ((*p == '-' || *p == '+') && !p[1]))
		return px_err(err, 0, "ociVersion: %s is not a semantic version", spec_quote(q, v));
	if (major != 1 || minor > 3)
		return px_err(err, 0, "ociVersion: %s is not supported (pidbox supports 1.0.0 to 1.3.x)",
		              spec_quote(q, v));
	return 0;
}

static int parse_root(yajl_val v, struct spec_config *c, struct px_error *err)
{
	yajl_val path, ro;

	if (v && spec_json_need_object(v, "root", err) < 0)
		return -1;
	path = spec_json_field(v, "path");
	if (!path)
		return px_err(err, 0, "root.path: required");
	if (!YAJL_IS_STRING(path) || !path->u.string[0])
		return px_err(err, 0, "root.path: must be a non-empty string");
	c->root_path = px_xstrdup(path->u.string);
	if ((ro = spec_json_field(v, "readonly")) && spec_json_bool(ro, "root.readonly", &c->root_readonly, err) < 0)
		return -1;
	return 0;
}


int spec_parse_annotations(yajl_val v, struct spec_annotation **out, size_t *n, struct px_error *err)
{
	char path[SPEC_PATH_MAX];
	size_t total = 0;

	if (!v)
		return 0;
	if (spec_json_need_object(v, "annotations", err) < 0)
		return -1;
	*out = px_xcalloc(v->u.object.len, sizeof **out);
	for (size_t i = 0; i < v->u.object.len; i++) {
		const char *k = v->u.object.keys[i];
		yajl_val s = v->u.object.values[i];
		if (!k[0])
			return px_err(err, 0, "annotations: keys must not be empty");
		if (!YAJL_IS_STRING(s))
			return px_err(err, 0, "%s: must be a string", spec_path_key(path, "annotations", k));
		total += strlen(k) + strlen(s->u.string);
		if (total > SPEC_ANNOTATIONS_MAX)
			return px_err(err, 0, "%s: the annotations add up to more than %zu bytes",
			              spec_path_key(path, "annotations", k), SPEC_ANNOTATIONS_MAX);
		(*out)[i].key = px_xstrdup(k);
		(*out)[i].value = px_xstrdup(s->u.string);
		(*n)++;
	}
	return 0;
}

static int parse_names(yajl_val root, struct spec_config *c, struct px_error *err)
{
	yajl_val x;

	if ((x = spec_json_field(root, "hostname")) && spec_json_string(x, "hostname", &c->hostname, err) < 0)
		return -1;
	if ((x = spec_json_field(root, "domainname")) && spec_json_string(x, "domainname", &c->domainname, err) < 0)
		return -1;
	/* sethostname()/setdomainname() take at most 64 bytes (struct utsname). */
	if (c->hostname && strlen(c->hostname) > SPEC_UTS_NAME_MAX)
		return px_err(err, 0, "hostname: longer than %d bytes", SPEC_UTS_NAME_MAX);
	if (c->domainname && strlen(c->domainname) > SPEC_UTS_NAME_MAX)
		return px_err(err, 0, "domainname: longer than %d bytes", SPEC_UTS_NAME_MAX);
	return 0;
}

/* sethostname() changes the host's name without a UTS namespace of the
 * container's own; runc refuses the same way. */
static int check_names(const struct spec_config *c, struct px_error *err)
{
	if (spec_has_namespace(c, CLONE_NEWUTS))
		return 0;
	if (c->hostname && c->hostname[0])
		return px_err(err, 0, "hostname: requires a uts namespace in linux.namespaces");
	if (c->domainname && c->domainname[0])
		return px_err(err, 0, "domainname: requires a uts namespace in linux.namespaces");
	return 0;
}

static int parse_tree(yajl_val root, struct spec_config *c, struct px_error *err)
{
	yajl_val x;

	if (!YAJL_IS_OBJECT(root))
		return px_err(err, 0, "must be a JSON object");
	x = spec_json_field(root, "ociVersion");
	if (!x)
		return px_err(err, 0, "ociVersion: required");
	if (spec_json_string(x, "ociVersion", &c->oci_version, err) < 0 || check_oci_version(c->oci_version, err) < 0)
		return -1;
	if (parse_root(spec_json_field(root, "root"), c, err) < 0 || parse_names(root, c, err) < 0)
		return -1;
	if ((x = spec_json_field(root, "process"))) {
		c->has_process = true;
		if (spec_parse_process(x, &c->process, err) < 0)
			return -1;
	}
	if (spec_parse_mounts(spec_json_field(root, "mounts"), c, err) < 0 ||
	    spec_parse_linux(spec_json_field(root, "linux"), &c->linux_, err) < 0 ||
	    spec_parse_annotations(spec_json_field(root, "annotations"), &c->annotations, &c->n_annotations, err) < 0 ||
	    spec_parse_hooks(spec_json_field(root, "hooks"), &c->hooks, err) < 0)
		return -1;
	return spec_check_linux(c, err) < 0 || check_names(c, err) < 0 || spec_check_sysctl(c, err) < 0 ||
	               spec_check_net_devices(c, err) < 0
	       ? -1
	       : 0;
}

int spec_parse_config(const char *json, size_t len, struct spec_config **out, struct px_error *err)
{
	_cleanup_json_ yajl_val root = NULL;
	struct spec_config *c;

	*out = NULL;
	root = spec_json_parse(json, len, err);
	if (!root)
		return -1;
	c = px_xcalloc(1, sizeof *c);
	if (parse_tree(root, c, err) < 0) {
		spec_config_free(c);
		return -1;
	}
	*out = c;
	return 0;
}

int spec_load_config(const char *bundle_dir, struct spec_config **out, struct px_error *err)
{
	_cleanup_free_ char *path = px_asprintf("%s/config.json", bundle_dir);
	_cleanup_free_ char *text = NULL;
	size_t len;

	*out = NULL;
	if (px_read_regular_at(AT_FDCWD, path, 0, PX_INPUT_MAX, &text, &len, err) < 0)
		return -1;
	if (spec_parse_config(text, len, out, err) < 0)
		return px_err_prefix(err, "config.json");
	return 0;
}
