/* spec/state.c — container state JSON: the OCI form `pidbox state` prints and
 * the record pidbox keeps in <root>/<id>/state.json. */
#include "spec/state.h"

#include <stdlib.h>
#include <string.h>

#include "spec/json_gen.h"
#include "spec/json_walk.h"
#include "spec/parse.h"
#include "util/cleanup.h"
#include "util/fs.h"

/* Optional string: the OCI form always prints it ("" when unknown, as runc's
 * owner); the record leaves out what is unset so parsing it gives NULL back. */
static void gen_opt(yajl_gen g, const char *key, const char *value, bool oci)
{
	if (value || oci)
		spec_gen_kstr(g, key, value);
}

/* A stopped container has no process; runc prints 0 rather than a pid that may
 * already belong to someone else. The record keeps the real value. */
pid_t spec_state_oci_pid(const struct spec_state *s)
{
	return s->status && !strcmp(s->status, "stopped") ? 0 : s->pid;
}

/* Fields both forms share, in runc's order so diffs against runc read easily. */
static void gen_common(yajl_gen g, const struct spec_state *s, bool oci)
{
	spec_gen_kstr(g, "ociVersion", s->oci_version ? s->oci_version : SPEC_OCI_VERSION);
	spec_gen_kstr(g, "id", s->id);
	spec_gen_kint(g, "pid", oci ? spec_state_oci_pid(s) : s->pid);
	spec_gen_kstr(g, "status", s->status);
	gen_opt(g, "bundle", s->bundle, oci);
	gen_opt(g, "rootfs", s->rootfs, oci);
	gen_opt(g, "created", s->created, oci);
	gen_opt(g, "owner", s->owner, oci);
	if (s->n_annotations) {
		spec_gen_kmap(g, "annotations");
		for (size_t i = 0; i < s->n_annotations; i++)
			spec_gen_kstr(g, s->annotations[i].key, s->annotations[i].value);
		yajl_gen_map_close(g);
	}
}

char *spec_state_to_oci_json(const struct spec_state *s)
{
	/* runc prints state with two-space indent; engines parse it, people read it. */
	yajl_gen g = spec_gen_new("  ");

	yajl_gen_map_open(g);
	gen_common(g, s, true);
	yajl_gen_map_close(g);
	return spec_gen_finish(g);
}

char *spec_state_to_record_json(const struct spec_state *s)
{
	yajl_gen g = spec_gen_new(NULL);

	yajl_gen_map_open(g);
	gen_common(g, s, false);
	spec_gen_kuint(g, "initStartTime", s->init_start_time);
	gen_opt(g, "cgroupPath", s->cgroup_path, false);
	spec_gen_kuint(g, "nsFlags", s->ns_flags);
	spec_gen_kbool(g, "useInit", s->use_init);
	if (s->rootless)
		spec_gen_kbool(g, "rootless", true);
	if (s->has_cgroup_created) {
		static const char *const none[] = { NULL };
		spec_gen_kstrv(g, "cgroupCreated", s->cgroup_created ? (const char *const *)s->cgroup_created : none);
	}
	if (s->mnt_ns)
		spec_gen_kuint(g, "mntNs", s->mnt_ns);
	if (s->hooks_known)
		spec_gen_kbool(g, "hooks", s->hooks);
	yajl_gen_map_close(g);
	return spec_gen_finish(g);
}

/* Optional string member: absent stays NULL. */
static int opt_string(yajl_val root, const char *key, char **out, struct px_error *err)
{
	yajl_val v = spec_json_field(root, key);
	return v ? spec_json_string(v, key, out, err) : 0;
}

static int parse_record(yajl_val root, struct spec_state *s, struct px_error *err)
{
	yajl_val v;
	uint32_t pid;
	uint64_t u;

	if (!YAJL_IS_OBJECT(root))
		return px_err(err, 0, "must be a JSON object");
	if (!spec_json_field(root, "id") || !spec_json_field(root, "pid") || !spec_json_field(root, "status"))
		return px_err(err, 0, "%s: required", !spec_json_field(root, "id")    ? "id"
		                                      : !spec_json_field(root, "pid") ? "pid"
		                                                                      : "status");
	if (spec_json_string(spec_json_field(root, "id"), "id", &s->id, err) < 0 ||
	    spec_json_string(spec_json_field(root, "status"), "status", &s->status, err) < 0 ||
	    spec_json_u32(spec_json_field(root, "pid"), "pid", &pid, err) < 0)
		return -1;
	if (pid > INT32_MAX)
		return px_err(err, 0, "pid: %u is not a valid pid", pid);
	s->pid = (pid_t)pid;
	if (opt_string(root, "ociVersion", &s->oci_version, err) < 0 || opt_string(root, "bundle", &s->bundle, err) < 0 ||
	    opt_string(root, "rootfs", &s->rootfs, err) < 0 || opt_string(root, "created", &s->created, err) < 0 ||
	    opt_string(root, "owner", &s->owner, err) < 0 || opt_string(root, "cgroupPath", &s->cgroup_path, err) < 0 ||
	    spec_parse_annotations(spec_json_field(root, "annotations"), &s->annotations, &s->n_annotations, err) < 0)
		return -1;
	if ((v = spec_json_field(root, "initStartTime")) && spec_json_u64(v, "initStartTime", &s->init_start_time, err) < 0)
		return -1;
	if ((v = spec_json_field(root, "nsFlags"))) {
		if (spec_json_u64(v, "nsFlags", &u, err) < 0)
			return -1;
		s->ns_flags = (unsigned long)u;
	}
	if ((v = spec_json_field(root, "useInit")) && spec_json_bool(v, "useInit", &s->use_init, err) < 0)
		return -1;
	if ((v = spec_json_field(root, "rootless")) && spec_json_bool(v, "rootless", &s->rootless, err) < 0)
		return -1;
	if ((v = spec_json_field(root, "cgroupCreated"))) {
		if (spec_json_strv(v, "cgroupCreated", &s->cgroup_created, &s->n_cgroup_created, err) < 0)
			return -1;
		s->has_cgroup_created = true;
	}
	if ((v = spec_json_field(root, "mntNs")) && spec_json_u64(v, "mntNs", &s->mnt_ns, err) < 0)
		return -1;
	if ((v = spec_json_field(root, "hooks"))) {
		if (spec_json_bool(v, "hooks", &s->hooks, err) < 0)
			return -1;
		s->hooks_known = true;
	}
	return 0;
}

int spec_state_parse_record(const char *json, size_t len, struct spec_state *out, struct px_error *err)
{
	_cleanup_json_ yajl_val root = NULL;

	memset(out, 0, sizeof *out);
	root = spec_json_parse_unquoted(json, len, err);
	if (!root)
		return -1;
	if (parse_record(root, out, err) < 0) {
		spec_state_free(out);
		return -1;
	}
	return 0;
}

void spec_state_free(struct spec_state *s)
{
	if (!s)
		return;
	free(s->oci_version);
	free(s->id);
	free(s->status);
	free(s->bundle);
	free(s->rootfs);
	free(s->created);
	free(s->owner);
	spec_annotations_free(s->annotations, s->n_annotations);
	free(s->cgroup_path);
	px_strv_free(s->cgroup_created);
	memset(s, 0, sizeof *s);
}
