/* spec/parse_process.c — the "process" object of config.json. */
#include <stdlib.h>
#include <string.h>

#include "spec/json_walk.h"
#include "spec/names.h"
#include "spec/parse.h"
#include "util/cleanup.h"
#include "util/fs.h"
#include "util/log.h"

static int parse_user(yajl_val v, struct spec_process *p, struct px_error *err)
{
	yajl_val gids;
	char path[SPEC_PATH_MAX];

	if (!v)
		return 0; /* uid 0, gid 0, like runc */
	if (spec_json_need_object(v, "process.user", err) < 0)
		return -1;
	if (spec_json_field(v, "uid") && spec_json_u32(spec_json_field(v, "uid"), "process.user.uid", &p->uid, err) < 0)
		return -1;
	if (spec_json_field(v, "gid") && spec_json_u32(spec_json_field(v, "gid"), "process.user.gid", &p->gid, err) < 0)
		return -1;
	/* umask: spec/parse_process_extras.c */
	/* user.username is Windows-only (config.md): ignored like any unknown field. */
	gids = spec_json_field(v, "additionalGids");
	if (!gids)
		return 0;
	if (!YAJL_IS_ARRAY(gids))
		return px_err(err, 0, "process.user.additionalGids: must be an array of unsigned 32-bit integers");
	p->additional_gids = px_xcalloc(gids->u.array.len, sizeof *p->additional_gids);
	p->n_additional_gids = gids->u.array.len;
	for (size_t i = 0; i < gids->u.array.len; i++)
		if (spec_json_u32(gids->u.array.values[i], spec_path_idx(path, "process.user.additionalGids", i),
		                  &p->additional_gids[i], err) < 0)
			return -1;
	return 0;
}

static int parse_cap_set(yajl_val caps, const char *set, uint64_t *mask, struct px_error *err)
{
	yajl_val v = spec_json_field(caps, set);
	char path[SPEC_PATH_MAX], ipath[SPEC_PATH_MAX], q[SPEC_QUOTE_MAX];

	spec_path_key(path, "process.capabilities", set);
	if (!v)
		return 0;
	if (!YAJL_IS_ARRAY(v))
		return px_err(err, 0, "%s: must be an array of strings", path);
	for (size_t i = 0; i < v->u.array.len; i++) {
		yajl_val s = v->u.array.values[i];
		int cap;
		spec_path_idx(ipath, path, i);
		if (!YAJL_IS_STRING(s))
			return px_err(err, 0, "%s: must be a string", ipath);
		cap = spec_capability_from_name(s->u.string);
		/* runc 1.2+'s rule: a config written for a newer kernel (or libcap)
		 * still runs; the name grants nothing, and --debug says so. A
		 * capability libcap knows but this kernel lacks is skipped when the
		 * sets are applied (runtime/process_setup.c), the same way. */
		if (cap < 0) {
			px_debug("%s: ignoring unknown capability %s", ipath, spec_quote(q, s->u.string));
			continue;
		}
		*mask |= UINT64_C(1) << cap;
	}
	return 0;
}

static int parse_capabilities(yajl_val v, struct spec_process *p, struct px_error *err)
{
	struct spec_capabilities *c = &p->capabilities;

	if (!v)
		return 0;
	if (spec_json_need_object(v, "process.capabilities", err) < 0)
		return -1;
	p->has_capabilities = true;
	if (parse_cap_set(v, "bounding", &c->bounding, err) < 0 ||
	    parse_cap_set(v, "effective", &c->effective, err) < 0 ||
	    parse_cap_set(v, "inheritable", &c->inheritable, err) < 0 ||
	    parse_cap_set(v, "permitted", &c->permitted, err) < 0 ||
	    parse_cap_set(v, "ambient", &c->ambient, err) < 0)
		return -1;
	return 0;
}

static int parse_rlimit(yajl_val v, const char *path, struct spec_rlimit *r, struct px_error *err)
{
	char p[SPEC_PATH_MAX];
	yajl_val type;

	if (spec_json_need_object(v, path, err) < 0)
		return -1;
	type = spec_json_field(v, "type");
	if (!type || !YAJL_IS_STRING(type))
		return px_err(err, 0, "%s.type: required, must be a string", path);
	r->resource = spec_rlimit_from_name(type->u.string);
	if (r->resource < 0) {
		char q[SPEC_QUOTE_MAX];
		return px_err(err, 0, "%s.type: unknown rlimit %s", path, spec_quote(q, type->u.string));
	}
	if (spec_json_u64(spec_json_field(v, "soft"), spec_path_key(p, path, "soft"), &r->soft, err) < 0 ||
	    spec_json_u64(spec_json_field(v, "hard"), spec_path_key(p, path, "hard"), &r->hard, err) < 0)
		return -1;
	/* setrlimit() would fail with a bare EINVAL inside the container; say it here. */
	if (r->soft > r->hard)
		return px_err(err, 0, "%s: soft limit %ju exceeds hard limit %ju", path, (uintmax_t)r->soft,
		              (uintmax_t)r->hard);
	return 0;
}

static int parse_rlimits(yajl_val v, struct spec_process *p, struct px_error *err)
{
	char path[SPEC_PATH_MAX];

	if (!v)
		return 0;
	if (!YAJL_IS_ARRAY(v))
		return px_err(err, 0, "process.rlimits: must be an array");
	p->rlimits = px_xcalloc(v->u.array.len, sizeof *p->rlimits);
	for (size_t i = 0; i < v->u.array.len; i++) {
		struct spec_rlimit *r = &p->rlimits[i];
		spec_path_idx(path, "process.rlimits", i);
		if (parse_rlimit(v->u.array.values[i], path, r, err) < 0)
			return -1;
		p->n_rlimits++;
		for (size_t j = 0; j < i; j++)
			if (p->rlimits[j].resource == r->resource)
				return px_err(err, 0, "%s.type: duplicate rlimit \"%s\"", path,
				              spec_rlimit_name(r->resource));
	}
	return 0;
}

static int parse_env(yajl_val v, struct spec_process *p, struct px_error *err)
{
	char path[SPEC_PATH_MAX], q[SPEC_QUOTE_MAX];

	if (spec_json_strv(v, "process.env", &p->env, &p->n_env, err) < 0)
		return -1;
	for (size_t i = 0; i < p->n_env; i++) {
		const char *eq = strchr(p->env[i], '=');
		if (!eq || eq == p->env[i])
			return px_err(err, 0, "%s: must be NAME=VALUE, got %s",
			              spec_path_idx(path, "process.env", i), spec_quote(q, p->env[i]));
	}
	return 0;
}

static int parse_args_cwd(yajl_val v, struct spec_process *p, struct px_error *err)
{
	yajl_val args = spec_json_field(v, "args"), cwd = spec_json_field(v, "cwd");

	if (!args || !YAJL_IS_ARRAY(args) || args->u.array.len == 0)
		return px_err(err, 0, "process.args: must be a non-empty array of strings");
	if (spec_json_strv(args, "process.args", &p->args, &p->n_args, err) < 0)
		return -1;
	if (!cwd)
		return px_err(err, 0, "process.cwd: required");
	return spec_json_abs_path(cwd, "process.cwd", &p->cwd, err);
}

int spec_parse_process(yajl_val v, struct spec_process *p, struct px_error *err)
{
	yajl_val x;

	if (spec_json_need_object(v, "process", err) < 0)
		return -1;
	if ((x = spec_json_field(v, "terminal")) && spec_json_bool(x, "process.terminal", &p->terminal, err) < 0)
		return -1;
	if (parse_user(spec_json_field(v, "user"), p, err) < 0 || parse_args_cwd(v, p, err) < 0 ||
	    parse_env(spec_json_field(v, "env"), p, err) < 0 ||
	    parse_capabilities(spec_json_field(v, "capabilities"), p, err) < 0 ||
	    parse_rlimits(spec_json_field(v, "rlimits"), p, err) < 0 || spec_parse_process_extras(v, p, err) < 0 ||
	    spec_parse_exec_cpu_affinity(v, p, err) < 0)
		return -1;
	if ((x = spec_json_field(v, "noNewPrivileges")) &&
	    spec_json_bool(x, "process.noNewPrivileges", &p->no_new_privileges, err) < 0)
		return -1;
	return 0;
}
