/* spec/parse_seccomp.c — linux.seccomp (config-linux.md "Seccomp") into a
 * struct spec_seccomp with libseccomp's numbers: actions (errnoRet folded in),
 * architectures, comparison operators and flags. Syscall names stay names: a
 * profile lists syscalls of many kernels and architectures, and which of them
 * this libseccomp knows is decided where the filter is built
 * (runtime/seccomp.c). Pure: libseccomp's name tables only. */
#include <errno.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>

#include "spec/json_walk.h"
#include "spec/parse.h"
#include "util/fs.h"

#define ACT_NEEDS_ERRNO 1 /* SCMP_ACT_ERRNO and SCMP_ACT_TRACE carry a number */

static const struct {
	const char *name;
	uint32_t action;
	int flags;
} actions[] = {
	{ "SCMP_ACT_KILL", SCMP_ACT_KILL, 0 },
	{ "SCMP_ACT_KILL_THREAD", SCMP_ACT_KILL_THREAD, 0 },
	{ "SCMP_ACT_KILL_PROCESS", SCMP_ACT_KILL_PROCESS, 0 },
	{ "SCMP_ACT_TRAP", SCMP_ACT_TRAP, 0 },
	{ "SCMP_ACT_ERRNO", SCMP_ACT_ERRNO(0), ACT_NEEDS_ERRNO },
	{ "SCMP_ACT_TRACE", SCMP_ACT_TRACE(0), ACT_NEEDS_ERRNO },
	{ "SCMP_ACT_ALLOW", SCMP_ACT_ALLOW, 0 },
	{ "SCMP_ACT_LOG", SCMP_ACT_LOG, 0 },
	{ "SCMP_ACT_NOTIFY", SCMP_ACT_NOTIFY, 0 },
};

static const struct {
	const char *name;
	int op;
} operators[] = {
	{ "SCMP_CMP_NE", SCMP_CMP_NE }, { "SCMP_CMP_LT", SCMP_CMP_LT }, { "SCMP_CMP_LE", SCMP_CMP_LE },
	{ "SCMP_CMP_EQ", SCMP_CMP_EQ }, { "SCMP_CMP_GE", SCMP_CMP_GE }, { "SCMP_CMP_GT", SCMP_CMP_GT },
	{ "SCMP_CMP_MASKED_EQ", SCMP_CMP_MASKED_EQ },
};

static const struct {
	const char *name;
	unsigned int flag;
} filter_flags[] = {
	{ "SECCOMP_FILTER_FLAG_TSYNC", SPEC_SECCOMP_FLAG_TSYNC },
	{ "SECCOMP_FILTER_FLAG_LOG", SPEC_SECCOMP_FLAG_LOG },
	{ "SECCOMP_FILTER_FLAG_SPEC_ALLOW", SPEC_SECCOMP_FLAG_SPEC_ALLOW },
	{ "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV", SPEC_SECCOMP_FLAG_WAIT_KILLABLE_RECV },
};

/* action name + errnoRet (NULL: absent) + the errno used when absent. */
static int parse_action(yajl_val name, yajl_val errno_ret, uint32_t default_errno, const char *path,
                        const char *errno_path, uint32_t *out, struct px_error *err)
{
	char q[SPEC_QUOTE_MAX];
	uint32_t e = default_errno;
	size_t i;

	if (!name || !YAJL_IS_STRING(name))
		return px_err(err, 0, "%s: required, must be a string", path);
	for (i = 0; i < sizeof actions / sizeof actions[0]; i++)
		if (!strcmp(actions[i].name, name->u.string))
			break;
	if (i == sizeof actions / sizeof actions[0])
		return px_err(err, 0, "%s: unknown action %s", path, spec_quote(q, name->u.string));
	if (errno_ret) {
		if (!(actions[i].flags & ACT_NEEDS_ERRNO))
			return px_err(err, 0, "%s: only SCMP_ACT_ERRNO and SCMP_ACT_TRACE take an errno, not %s", errno_path,
			              actions[i].name);
		if (spec_json_u32(errno_ret, errno_path, &e, err) < 0)
			return -1;
		/* The filter's return value has 16 bits for it. */
		if (e > 0xffff)
			return px_err(err, 0, "%s: %u is out of range (0 to 65535)", errno_path, e);
	}
	*out = actions[i].flags & ACT_NEEDS_ERRNO ? actions[i].action | e : actions[i].action;
	return 0;
}

static int parse_arg(yajl_val v, const char *path, struct spec_seccomp_arg *a, struct px_error *err)
{
	char p[SPEC_PATH_MAX], q[SPEC_QUOTE_MAX];
	yajl_val op, x;
	uint32_t index;
	size_t i;

	if (spec_json_need_object(v, path, err) < 0)
		return -1;
	if (spec_json_u32(spec_json_field(v, "index"), spec_path_key(p, path, "index"), &index, err) < 0)
		return -1;
	/* A syscall has six argument registers. */
	if (index > 5)
		return px_err(err, 0, "%s: %u is out of range (0 to 5)", p, index);
	a->index = index;
	if (spec_json_u64(spec_json_field(v, "value"), spec_path_key(p, path, "value"), &a->value, err) < 0)
		return -1;
	if ((x = spec_json_field(v, "valueTwo")) &&
	    spec_json_u64(x, spec_path_key(p, path, "valueTwo"), &a->value_two, err) < 0)
		return -1;
	op = spec_json_field(v, "op");
	if (!op || !YAJL_IS_STRING(op))
		return px_err(err, 0, "%s.op: required, must be a string", path);
	for (i = 0; i < sizeof operators / sizeof operators[0]; i++)
		if (!strcmp(operators[i].name, op->u.string))
			break;
	if (i == sizeof operators / sizeof operators[0])
		return px_err(err, 0, "%s.op: unknown operator %s", path, spec_quote(q, op->u.string));
	a->op = operators[i].op;
	return 0;
}

/* Syscalls the runtime itself makes after the filter is loaded, before the seccomp
 * agent can answer: write (the init's exec fifo, which `start` waits on; runc
 * refuses a notified write with the same words) and sendmsg (the listener itself
 * travels by sendmsg: notified, it would wait for an agent that has no listener). */
static int refuse_notified(const struct spec_seccomp_rule *r, const char *path, struct px_error *err)
{
	static const char *const own[] = { "write", "sendmsg" };
	char p[SPEC_PATH_MAX], ip[SPEC_PATH_MAX];

	spec_path_key(p, path, "names");
	for (size_t i = 0; i < r->n_names; i++)
		for (size_t j = 0; j < sizeof own / sizeof own[0]; j++)
			if (!strcmp(r->names[i], own[j]))
				return px_err(err, 0, "%s: SCMP_ACT_NOTIFY cannot be used for the %s syscall (the runtime "
				                      "needs it after the filter is loaded)",
				              spec_path_idx(ip, p, i), own[j]);
	return 0;
}

static int parse_rule(yajl_val v, const char *path, struct spec_seccomp_rule *r, struct px_error *err)
{
	char p[SPEC_PATH_MAX], ep[SPEC_PATH_MAX], ip[SPEC_PATH_MAX];
	yajl_val names, args;

	if (spec_json_need_object(v, path, err) < 0)
		return -1;
	names = spec_json_field(v, "names");
	spec_path_key(p, path, "names");
	if (!names || !YAJL_IS_ARRAY(names) || !names->u.array.len)
		return px_err(err, 0, "%s: required, must be a non-empty array of strings", p);
	if (spec_json_strv(names, p, &r->names, &r->n_names, err) < 0)
		return -1;
	for (size_t i = 0; i < r->n_names; i++)
		if (!r->names[i][0])
			return px_err(err, 0, "%s: must not be empty", spec_path_idx(ip, p, i));
	if (parse_action(spec_json_field(v, "action"), spec_json_field(v, "errnoRet"), EPERM,
	                 spec_path_key(p, path, "action"), spec_path_key(ep, path, "errnoRet"), &r->action, err) < 0)
		return -1;
	if (r->action == SCMP_ACT_NOTIFY && refuse_notified(r, path, err) < 0)
		return -1;
	args = spec_json_field(v, "args");
	if (!args)
		return 0;
	if (!YAJL_IS_ARRAY(args))
		return px_err(err, 0, "%s: must be an array", spec_path_key(p, path, "args"));
	r->args = px_xcalloc(args->u.array.len ? args->u.array.len : 1, sizeof *r->args);
	for (size_t i = 0; i < args->u.array.len; i++) {
		spec_path_idx(ip, spec_path_key(p, path, "args"), i);
		if (parse_arg(args->u.array.values[i], ip, &r->args[i], err) < 0)
			return -1;
		r->n_args++;
	}
	return 0;
}

static int parse_architectures(yajl_val v, struct spec_seccomp *s, struct px_error *err)
{
	char p[SPEC_PATH_MAX], q[SPEC_QUOTE_MAX], lower[32];

	if (!v)
		return 0;
	if (!YAJL_IS_ARRAY(v))
		return px_err(err, 0, "linux.seccomp.architectures: must be an array of strings");
	s->architectures = px_xcalloc(v->u.array.len ? v->u.array.len : 1, sizeof *s->architectures);
	for (size_t i = 0; i < v->u.array.len; i++) {
		yajl_val a = v->u.array.values[i];
		const char *name;
		size_t n;
		uint32_t token;
		spec_path_idx(p, "linux.seccomp.architectures", i);
		if (!YAJL_IS_STRING(a))
			return px_err(err, 0, "%s: must be a string", p);
		/* "SCMP_ARCH_X86_64" is libseccomp's "x86_64" */
		name = a->u.string;
		n = strlen(name);
		if (strncmp(name, "SCMP_ARCH_", 10) || n - 10 >= sizeof lower)
			return px_err(err, 0, "%s: unknown architecture %s", p, spec_quote(q, name));
		for (size_t j = 10; j <= n; j++)
			lower[j - 10] = (char)(name[j] >= 'A' && name[j] <= 'Z' ? name[j] - 'A' + 'a' : name[j]);
		token = seccomp_arch_resolve_name(lower);
		if (!token)
			return px_err(err, 0, "%s: unknown architecture %s (not known to libseccomp %u.%u)", p,
			              spec_quote(q, name), seccomp_version()->major, seccomp_version()->minor);
		s->architectures[s->n_architectures++] = token;
	}
	return 0;
}

static int parse_flags(yajl_val v, struct spec_seccomp *s, struct px_error *err)
{
	char p[SPEC_PATH_MAX], q[SPEC_QUOTE_MAX];

	if (!v)
		return 0;
	if (!YAJL_IS_ARRAY(v))
		return px_err(err, 0, "linux.seccomp.flags: must be an array of strings");
	for (size_t i = 0; i < v->u.array.len; i++) {
		yajl_val f = v->u.array.values[i];
		size_t j;
		spec_path_idx(p, "linux.seccomp.flags", i);
		if (!YAJL_IS_STRING(f))
			return px_err(err, 0, "%s: must be a string", p);
		for (j = 0; j < sizeof filter_flags / sizeof filter_flags[0]; j++)
			if (!strcmp(filter_flags[j].name, f->u.string))
				break;
		if (j == sizeof filter_flags / sizeof filter_flags[0])
			return px_err(err, 0, "%s: unknown flag %s", p, spec_quote(q, f->u.string));
		/* Known to the spec, but the filter is built by libseccomp, whose
		 * attribute for it came in 2.6; refused here, with the config, so that
		 * `features` (which asks this parser) does not list it. */
		if (filter_flags[j].flag == SPEC_SECCOMP_FLAG_WAIT_KILLABLE_RECV)
			return px_err(err, ENOTSUP, "%s: SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV needs libseccomp 2.6 "
			                            "(this pidbox is built with %d.%d)",
			              p, SCMP_VER_MAJOR, SCMP_VER_MINOR);
		s->flags |= filter_flags[j].flag;
	}
	return 0;
}

static int parse_listener(yajl_val v, struct spec_seccomp *s, struct px_error *err)
{
	yajl_val x;

	if ((x = spec_json_field(v, "listenerPath")) && YAJL_IS_STRING(x) && !x->u.string[0])
		x = NULL; /* "" is "none", as in Go */
	if (x && spec_json_abs_path(x, "linux.seccomp.listenerPath", &s->listener_path, err) < 0)
		return -1;
	if ((x = spec_json_field(v, "listenerMetadata")) &&
	    spec_json_string(x, "linux.seccomp.listenerMetadata", &s->listener_metadata, err) < 0)
		return -1;
	s->uses_notify = s->default_action == SCMP_ACT_NOTIFY;
	for (size_t i = 0; i < s->n_rules; i++)
		s->uses_notify |= s->rules[i].action == SCMP_ACT_NOTIFY;
	if (s->uses_notify && !s->listener_path)
		return px_err(err, 0, "linux.seccomp.listenerPath: required when an action is SCMP_ACT_NOTIFY");
	/* A listenerPath without any SCMP_ACT_NOTIFY has nothing to receive: runc
	 * ignores it (engines set it for every container of a pod), so do we. */
	if (!s->uses_notify && s->listener_path) {
		free(s->listener_path);
		s->listener_path = NULL;
	}
	/* libseccomp refuses it as a default (and it would trap the syscalls the
	 * runtime itself needs to hand the listener fd over). */
	if (s->default_action == SCMP_ACT_NOTIFY)
		return px_err(err, 0, "linux.seccomp.defaultAction: SCMP_ACT_NOTIFY cannot be the default action");
	return 0;
}

int spec_parse_seccomp(yajl_val v, struct spec_seccomp **out, struct px_error *err)
{
	struct spec_seccomp *s;
	yajl_val rules;
	char p[SPEC_PATH_MAX];

	if (!v)
		return 0;
	if (spec_json_need_object(v, "linux.seccomp", err) < 0)
		return -1;
	s = *out = px_xcalloc(1, sizeof *s);
	if (parse_action(spec_json_field(v, "defaultAction"), spec_json_field(v, "defaultErrnoRet"), EPERM,
	                 "linux.seccomp.defaultAction", "linux.seccomp.defaultErrnoRet", &s->default_action, err) < 0 ||
	    parse_architectures(spec_json_field(v, "architectures"), s, err) < 0 ||
	    parse_flags(spec_json_field(v, "flags"), s, err) < 0)
		return -1;
	rules = spec_json_field(v, "syscalls");
	if (rules && !YAJL_IS_ARRAY(rules))
		return px_err(err, 0, "linux.seccomp.syscalls: must be an array");
	if (rules) {
		s->rules = px_xcalloc(rules->u.array.len ? rules->u.array.len : 1, sizeof *s->rules);
		for (size_t i = 0; i < rules->u.array.len; i++) {
			s->n_rules++;
			if (parse_rule(rules->u.array.values[i], spec_path_idx(p, "linux.seccomp.syscalls", i),
			               &s->rules[i], err) < 0)
				return -1;
		}
	}
	return parse_listener(v, s, err);
}
