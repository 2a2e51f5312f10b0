/* spec/parse_mounts.c — the "mounts" array of config.json. */
#include <stdlib.h>

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
	/* idmapped mounts (runtime-spec 1.1) need mount_setattr() with a user
	 * namespace fd; until ns/ has it, refusing beats mounting with host ids. */
	if (!spec_json_is_empty(spec_json_field(v, "uidMappings")) ||
	    !spec_json_is_empty(spec_json_field(v, "gidMappings")))
		return px_err(err, 0, "%s.%s: not supported yet (idmapped mounts)", path,
		              spec_json_is_empty(spec_json_field(v, "uidMappings")) ? "gidMappings" : "uidMappings");
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
