/* spec/config_patch.c — see config_patch.h. */
#include "spec/config_patch.h"

#include <string.h>

#include "spec/json_gen.h"
#include "spec/json_walk.h"
#include "util/cleanup.h"
#include "util/fs.h"

static void gen_value(yajl_gen g, yajl_val v);

static void gen_key(yajl_gen g, const char *k) { spec_gen_str(g, k); }

static void gen_value(yajl_gen g, yajl_val v)
{
	if (YAJL_IS_STRING(v)) {
		spec_gen_str(g, v->u.string);
	} else if (YAJL_IS_NUMBER(v)) {
		yajl_gen_number(g, v->u.number.r, strlen(v->u.number.r));
	} else if (YAJL_IS_OBJECT(v)) {
		yajl_gen_map_open(g);
		for (size_t i = 0; i < v->u.object.len; i++) {
			gen_key(g, v->u.object.keys[i]);
			gen_value(g, v->u.object.values[i]);
		}
		yajl_gen_map_close(g);
	} else if (YAJL_IS_ARRAY(v)) {
		yajl_gen_array_open(g);
		for (size_t i = 0; i < v->u.array.len; i++)
			gen_value(g, v->u.array.values[i]);
		yajl_gen_array_close(g);
	} else if (YAJL_IS_TRUE(v)) {
		yajl_gen_bool(g, 1);
	} else if (YAJL_IS_FALSE(v)) {
		yajl_gen_bool(g, 0);
	} else {
		yajl_gen_null(g);
	}
}

static bool same_name(const char *a, const char *b)
{
	size_t n = strcspn(a, "=");
	return strncmp(a, b, n) == 0 && b[n] == '=';
}

/* process.env with the patch's entries replacing or added */
static void gen_env(yajl_gen g, yajl_val env, const char *const *add)
{
	yajl_gen_array_open(g);
	for (size_t i = 0; env && YAJL_IS_ARRAY(env) && i < env->u.array.len; i++) {
		yajl_val e = env->u.array.values[i];
		bool replaced = false;
		for (const char *const *a = add; YAJL_IS_STRING(e) && *a; a++)
			replaced |= same_name(*a, e->u.string);
		if (!replaced)
			gen_value(g, e);
	}
	for (const char *const *a = add; *a; a++)
		spec_gen_str(g, *a);
	yajl_gen_array_close(g);
}

static void gen_process(yajl_gen g, yajl_val proc, const char *const *env)
{
	bool had_env = false;

	yajl_gen_map_open(g);
	for (size_t i = 0; i < proc->u.object.len; i++) {
		gen_key(g, proc->u.object.keys[i]);
		if (!strcmp(proc->u.object.keys[i], "env")) {
			gen_env(g, proc->u.object.values[i], env);
			had_env = true;
		} else {
			gen_value(g, proc->u.object.values[i]);
		}
	}
	if (!had_env) {
		gen_key(g, "env");
		gen_env(g, NULL, env);
	}
	yajl_gen_map_close(g);
}

static void gen_mounts(yajl_gen g, yajl_val mounts, const struct spec_config_patch *p)
{
	yajl_gen_array_open(g);
	for (size_t i = 0; mounts && YAJL_IS_ARRAY(mounts) && i < mounts->u.array.len; i++)
		gen_value(g, mounts->u.array.values[i]);
	for (size_t i = 0; i < p->n_mounts; i++) {
		const struct spec_patch_mount *m = &p->mounts[i];
		yajl_gen_map_open(g);
		spec_gen_kstr(g, "destination", m->destination);
		spec_gen_kstr(g, "type", m->type);
		spec_gen_kstr(g, "source", m->source);
		spec_gen_kstrv(g, "options", m->options);
		yajl_gen_map_close(g);
	}
	yajl_gen_array_close(g);
}

int spec_config_patch(const char *json, size_t len, const struct spec_config_patch *p, char **out, size_t *out_len,
                      struct px_error *err)
{
	static const char *const none[] = { NULL };
	_cleanup_json_ yajl_val root = spec_json_parse(json, len, err);
	const char *const *env = p->env ? p->env : none;
	bool had_mounts = false;
	yajl_gen g;

	if (!root)
		return -1;
	if (!YAJL_IS_OBJECT(root))
		return px_err(err, 0, "must be a JSON object");
	g = spec_gen_new(NULL);
	yajl_gen_map_open(g);
	for (size_t i = 0; i < root->u.object.len; i++) {
		const char *k = root->u.object.keys[i];
		yajl_val v = root->u.object.values[i];

		gen_key(g, k);
		if (!strcmp(k, "process") && YAJL_IS_OBJECT(v) && *env) {
			gen_process(g, v, env);
		} else if (!strcmp(k, "mounts") && p->n_mounts) {
			gen_mounts(g, v, p);
			had_mounts = true;
		} else {
			gen_value(g, v);
		}
	}
	if (!had_mounts && p->n_mounts) {
		gen_key(g, "mounts");
		gen_mounts(g, NULL, p);
	}
	yajl_gen_map_close(g);
	*out = spec_gen_finish(g);
	*out_len = strlen(*out);
	return 0;
}
