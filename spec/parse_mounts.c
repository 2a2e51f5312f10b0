/* spec/parse_mounts.c — the "mounts" array of config.json. */
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include "spec/json_walk.h"
#include "spec/parse.h"
#include "util/fs.h"

static int parse_mount(yajl_val v, const char *path, struct spec_mount *m, struct px_error *err)
{
	char p[SPEC_PATH_MAX];
	yajl_val x;

	if (spec_json_need_object(v, path, err) < 0)
		return -1;
	x = spec_json_field(v, "destination");
	if (!x)
		return px_err(err, 0, "%s.destination: required", path);
	/* config.md (1.1+): a relative destination is deprecated but MAY be used and
	 * MUST be read as relative to "/"; runc does the same. */
	if (spec_json_string(x, spec_path_key(p, path, "destination"), &m->destination, err) < 0)
		return -1;
	if (!m->destination[0])
		return px_err(err, 0, "%s.destination: must not be empty", path);
	if (m->destination[0] != '/') {
		char *abs = px_asprintf("/%s", m->destination);
		free(m->destination);
		m->destination = abs;
	}
	if ((x = spec_json_field(v, "source")) && spec_json_string(x, spec_path_key(p, path, "source"), &m->source, err) < 0)
		return -1;
	if ((x = spec_json_field(v, "type")) && spec_json_string(x, spec_path_key(p, path, "type"), &m->type, err) < 0)
		return -1;
	if (spec_json_strv(spec_json_field(v, "options"), spec_path_key(p, path, "options"), &m->options,
	                   &m->n_options, err) < 0)
		return -1;
	/* idmapped mounts (runtime-spec 1.2, ns/mount_source.c) */
	if (spec_parse_id_mappings(spec_json_field(v, "uidMappings"), spec_path_key(p, path, "uidMappings"),
	                           &m->uid_mappings, &m->n_uid_mappings, err) < 0 ||
	    spec_parse_id_mappings(spec_json_field(v, "gidMappings"), spec_path_key(p, path, "gidMappings"),
	                           &m->gid_mappings, &m->n_gid_mappings, err) < 0)
		return -1;
	/* config.md: each MUST be given along with the other */
	if (!m->n_uid_mappings != !m->n_gid_mappings)
		return px_err(err, 0, "%s.%s: required along with %s", path,
		              m->n_uid_mappings ? "gidMappings" : "uidMappings",
		              m->n_uid_mappings ? "uidMappings" : "gidMappings");
	return 0;
}

int spec_parse_mounts(yajl_val v, struct spec_config *c, struct px_error *err)
{
	char path[SPEC_PATH_MAX];

	if (!v)
		return 0;
	if (!YAJL_IS_ARRAY(v))
		return px_err(err, 0, "mounts: must be an array");
	c->mounts = px_xcalloc(v->u.array.len, sizeof *c->mounts);
	for (size_t i = 0; i < v->u.array.len; i++) {
		/* Count first: a half-filled entry must still be freed by spec_config_free(). */
		c->n_mounts++;
		if (parse_mount(v->u.array.values[i], spec_path_idx(path, "mounts", i), &c->mounts[i], err) < 0)
			return -1;
	}
	return 0;
}

static bool has_option(const struct spec_mount *m, const char *a, const char *b)
{
	for (size_t i = 0; i < m->n_options; i++)
		if (!strcmp(m->options[i], a) || !strcmp(m->options[i], b))
			return true;
	return false;
}

/* config.md's rules for idmapped mounts that need the whole config. Only binds
 * are idmapped here (as runc): a new filesystem's ids are its own. */
int spec_check_mounts(const struct spec_config *c, struct px_error *err)
{
	for (size_t i = 0; i < c->n_mounts; i++) {
		const struct spec_mount *m = &c->mounts[i];
		bool idmap = has_option(m, "idmap", "ridmap");
		bool bind = (m->type && !strcmp(m->type, "bind")) || has_option(m, "bind", "rbind");

		if ((idmap || m->n_uid_mappings) && !bind)
			return px_err(err, 0, "mounts[%zu]: idmapped mounts must be bind mounts (type \"bind\" "
			                      "or option bind/rbind)", i);
		/* config.md: no mappings and no user namespace to take them from */
		if (idmap && !m->n_uid_mappings && !spec_find_namespace(c, CLONE_NEWUSER))
			return px_err(err, 0, "mounts[%zu]: option idmap without uidMappings/gidMappings needs a "
			                      "user namespace in linux.namespaces", i);
	}
	return 0;
}
