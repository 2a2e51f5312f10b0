/* spec/parse_hooks.c — the "hooks" object of config.json (config.md "POSIX-platform
 * Hooks"): six phases, each an array of {path, args, env, timeout}. */
#include <string.h>

#include "spec/json_walk.h"
#include "spec/parse.h"
#include "util/fs.h"

static const char *const phase_names[SPEC_HOOK_PHASES] = {
	[SPEC_HOOK_PRESTART] = "prestart",
	[SPEC_HOOK_CREATE_RUNTIME] = "createRuntime",
	[SPEC_HOOK_CREATE_CONTAINER] = "createContainer",
	[SPEC_HOOK_START_CONTAINER] = "startContainer",
	[SPEC_HOOK_POSTSTART] = "poststart",
	[SPEC_HOOK_POSTSTOP] = "poststop",
};

const char *spec_hook_phase_name(enum spec_hook_phase phase)
{
	return phase >= 0 && phase < SPEC_HOOK_PHASES ? phase_names[phase] : "?";
}

static int parse_env(yajl_val v, const char *path, struct spec_hook *h, struct px_error *err)
{
	char p[SPEC_PATH_MAX], q[SPEC_QUOTE_MAX];

	if (spec_json_strv(v, path, &h->env, &h->n_env, err) < 0)
		return -1;
	for (size_t i = 0; i < h->n_env; i++) {
		const char *eq = strchr(h->env[i], '=');
		if (!eq || eq == h->env[i])
			return px_err(err, 0, "%s: must be NAME=VALUE, got %s", spec_path_idx(p, path, i),
			              spec_quote(q, h->env[i]));
	}
	return 0;
}

static int parse_hook(yajl_val v, const char *path, struct spec_hook *h, struct px_error *err)
{
	char p[SPEC_PATH_MAX];
	yajl_val x;

	if (spec_json_need_object(v, path, err) < 0)
		return -1;
	x = spec_json_field(v, "path");
	if (!x)
		return px_err(err, 0, "%s.path: required", path);
	if (spec_json_abs_path(x, spec_path_key(p, path, "path"), &h->path, err) < 0)
		return -1;
	if (spec_json_strv(spec_json_field(v, "args"), spec_path_key(p, path, "args"), &h->args, &h->n_args, err) < 0 ||
	    parse_env(spec_json_field(v, "env"), spec_path_key(p, path, "env"), h, err) < 0)
		return -1;
	if ((x = spec_json_field(v, "timeout"))) {
		int64_t t;
		if (spec_json_i64(x, spec_path_key(p, path, "timeout"), &t, err) < 0)
			return -1;
		/* config.md: "If set, timeout MUST be greater than zero." */
		if (t <= 0 || t > 86400 * 365)
			return px_err(err, 0, "%s: must be a number of seconds greater than zero", p);
		h->timeout = (int)t;
	}
	return 0;
}

int spec_parse_hooks(yajl_val v, struct spec_hooks *hooks, struct px_error *err)
{
	char path[SPEC_PATH_MAX], ip[SPEC_PATH_MAX];

	if (!v)
		return 0;
	if (spec_json_need_object(v, "hooks", err) < 0)
		return -1;
	for (int ph = 0; ph < SPEC_HOOK_PHASES; ph++) {
		yajl_val list = spec_json_field(v, phase_names[ph]);
		spec_path_key(path, "hooks", phase_names[ph]);
		if (!list)
			continue;
		if (!YAJL_IS_ARRAY(list))
			return px_err(err, 0, "%s: must be an array", path);
		hooks->list[ph] = px_xcalloc(list->u.array.len ? list->u.array.len : 1, sizeof *hooks->list[ph]);
		for (size_t i = 0; i < list->u.array.len; i++) {
			hooks->n[ph]++;
			if (parse_hook(list->u.array.values[i], spec_path_idx(ip, path, i), &hooks->list[ph][i], err) < 0)
				return -1;
		}
	}
	return 0;
}

bool spec_has_hooks(const struct spec_hooks *hooks)
{
	for (int ph = 0; ph < SPEC_HOOK_PHASES; ph++)
		if (hooks->n[ph])
			return true;
	return false;
}
