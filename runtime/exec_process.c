/* runtime/exec_process.c — the process `exec` runs: config.json's process with
 * the command line's overrides, or a --process file (runc's rules, exec.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/exec.h"
#include "runtime/user_db.h"
#include "spec/names.h"
#include "spec/process.h"
#include "util/cleanup.h"
#include "util/fs.h"

static int parse_id(const char *s, const char *flag, const char *what, uint32_t *out, struct px_error *err)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (!*s || *end || errno || v > UINT32_MAX || *s == '-' || *s == '+')
		return px_err(err, 0, "%s \"%s\": %s must be a number from 0 to %u", flag, s, what, UINT32_MAX);
	*out = (uint32_t)v;
	return 0;
}

/* A user or group name as useradd and groupadd accept them (the portable set,
 * no leading '-'), not all digits (that is an id). */
static bool is_name(const char *s, size_t len)
{
	bool digits = true;

	if (!len || s[0] == '-')
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
		      c == '.' || c == '-' || (c == '$' && i == len - 1)))
			return false;
		digits = digits && c >= '0' && c <= '9';
	}
	return !digits;
}

/* One part of -u or -g: a name is left to rt_exec_resolve_names (it needs the
 * container's files); anything else must be an id. */
static int parse_id_or_name(const char *s, const char *flag, const char *what, uint32_t *out, bool *named,
                            struct px_error *err)
{
	*named = is_name(s, strlen(s));
	if (*named || parse_id(s, flag, what, out, err) == 0)
		return 0;
	return px_err(err, 0, "%s \"%s\": %s must be a number from 0 to %u or a name (letters, digits, '.', '_', "
	                      "'-')", flag, s, what, UINT32_MAX);
}

/* -u uid[:gid] as runc's, or names as crun's: user[:group], resolved later. */
static int apply_user(struct spec_process *p, const char *user, struct px_error *err)
{
	_cleanup_free_ char *copy = px_xstrdup(user);
	char *colon = strchr(copy, ':');
	bool named;

	if (colon) {
		*colon = '\0';
		if (parse_id_or_name(colon + 1, "--user", "the group", &p->gid, &named, err) < 0)
			return -1;
	}
	return parse_id_or_name(copy, "--user", "the user", &p->uid, &named, err);
}

/* The numeric -g; names are added by rt_exec_resolve_names. */
static int apply_gids(struct spec_process *p, const struct rt_exec_opts *o, struct px_error *err)
{
	if (!o->n_additional_gids)
		return 0;
	p->additional_gids = px_xrealloc(p->additional_gids,
	                                 (p->n_additional_gids + o->n_additional_gids) * sizeof *p->additional_gids);
	for (size_t i = 0; i < o->n_additional_gids; i++) {
		uint32_t gid;
		bool named;

		if (parse_id_or_name(o->additional_gids[i], "--additional-gids", "a group", &gid,
		                     &named, err) < 0)
			return -1;
		if (!named)
			p->additional_gids[p->n_additional_gids++] = gid;
	}
	return 0;
}

bool rt_exec_has_names(const char *user, const char *const *gids, size_t n_gids)
{
	const char *colon = user ? strchr(user, ':') : NULL;

	if (user && (is_name(user, colon ? (size_t)(colon - user) : strlen(user)) ||
	             (colon && is_name(colon + 1, strlen(colon + 1)))))
		return true;
	for (size_t i = 0; i < n_gids; i++)
		if (is_name(gids[i], strlen(gids[i])))
			return true;
	return false;
}

static int find_group(const char *group_db, const char *name, const char *flag, const char *arg, uint32_t *gid,
                      struct px_error *err)
{
	struct rt_user_db_entry e;

	if (!group_db)
		return px_err_plain(err, ENOENT, "%s \"%s\": the container has no readable /etc/group", flag, arg);
	if (!rt_user_db_find_name(group_db, name, &e))
		return px_err_plain(err, ENOENT, "%s \"%s\": no group \"%s\" in the container's /etc/group", flag, arg,
		              name);
	if (!rt_user_db_id(&e, 2, gid))
		return px_err_plain(err, EINVAL, "%s \"%s\": the container's /etc/group has no valid gid for \"%s\"", flag,
		              arg, name);
	return 0;
}

static int resolve_user(struct spec_process *p, const char *user, const char *passwd, const char *group,
                        struct px_error *err)
{
	_cleanup_free_ char *name = px_xstrdup(user);
	char *colon = strchr(name, ':');
	struct rt_user_db_entry e;

	if (colon)
		*colon++ = '\0';
	if (is_name(name, strlen(name))) {
		if (!passwd)
			return px_err_plain(err, ENOENT, "--user \"%s\": the container has no readable /etc/passwd", user);
		if (!rt_user_db_find_name(passwd, name, &e))
			return px_err_plain(err, ENOENT, "--user \"%s\": no user \"%s\" in the container's /etc/passwd",
			              user, name);
		if (!rt_user_db_id(&e, 2, &p->uid) || (!colon && !rt_user_db_id(&e, 3, &p->gid)))
			return px_err_plain(err, EINVAL, "--user \"%s\": the container's /etc/passwd has no valid uid and "
			                           "gid for \"%s\"", user, name);
	}
	if (colon && is_name(colon, strlen(colon)))
		return find_group(group, colon, "--user", user, &p->gid, err);
	return 0;
}

int rt_exec_resolve_names(struct spec_process *p, const char *user, const char *const *gids, size_t n_gids,
                          const char *passwd, const char *group, struct px_error *err)
{
	uint32_t *all;

	if (user && resolve_user(p, user, passwd, group, err) < 0)
		return -1;
	/* a new array: p may share the old one with a const config */
	all = px_xcalloc(p->n_additional_gids + n_gids + 1, sizeof *all);
	if (p->n_additional_gids) /* memcpy's source may not be NULL, even for 0 bytes */
		memcpy(all, p->additional_gids, p->n_additional_gids * sizeof *all);
	p->additional_gids = all;
	for (size_t i = 0; i < n_gids; i++)
		if (is_name(gids[i], strlen(gids[i])) &&
		    find_group(group, gids[i], "--additional-gids", gids[i], &all[p->n_additional_gids++], err) < 0)
			return -1;
	return 0;
}

/* -e NAME=VALUE replaces NAME's entry, so the process sees the value asked for
 * (execve keeps duplicates, and getenv() would find the config's first). */
static int apply_env(struct spec_process *p, const struct rt_exec_opts *o, struct px_error *err)
{
	for (size_t i = 0; i < o->n_env; i++) {
		const char *e = o->env[i];
		const char *eq = strchr(e, '=');
		size_t j;

		if (!eq || eq == e)
			return px_err(err, 0, "--env \"%s\": must be NAME=VALUE", e);
		for (j = 0; j < p->n_env; j++)
			if (!strncmp(p->env[j], e, (size_t)(eq - e) + 1))
				break;
		if (j == p->n_env) {
			p->env = px_xrealloc(p->env, (p->n_env + 2) * sizeof *p->env);
			p->env[p->n_env++] = NULL;
			p->env[p->n_env] = NULL;
		}
		free(p->env[j]);
		p->env[j] = px_xstrdup(e);
	}
	return 0;
}

static int apply_caps(struct spec_process *p, const struct rt_exec_opts *o, struct px_error *err)
{
	struct spec_capabilities *c = &p->capabilities;

	for (size_t i = 0; i < o->n_caps; i++) {
		int cap = spec_capability_from_name(o->caps[i]);
		uint64_t bit;

		if (cap < 0)
			return px_err(err, 0, "--cap \"%s\": unknown capability (names are like CAP_NET_ADMIN)", o->caps[i]);
		bit = UINT64_C(1) << cap;
		/* Without capabilities in the config the sets start empty: --cap
		 * then gives exactly the capabilities named. */
		c->bounding |= bit;
		c->effective |= bit;
		c->permitted |= bit;
		/* the kernel raises an ambient capability only if it is also
		 * inheritable; runc adds it to ambient only when the config uses
		 * inheritable capabilities at all */
		if (c->inheritable)
			c->ambient |= bit;
	}
	return 0;
}

static int replace_args(struct spec_process *p, const struct rt_exec_opts *o, struct px_error *err)
{
	if (!o->n_args)
		return px_err(err, 0, "exec args cannot be empty");
	px_strv_free(p->args);
	p->args = px_xcalloc(o->n_args + 1, sizeof *p->args);
	for (size_t i = 0; i < o->n_args; i++)
		p->args[i] = px_xstrdup(o->args[i]);
	p->n_args = o->n_args;
	return 0;
}

static int from_process_file(struct spec_config *c, const char *path, struct px_error *err)
{
	_cleanup_free_ char *text = NULL;
	size_t len;

	if (px_read_regular_at(AT_FDCWD, path, 0, PX_INPUT_MAX, &text, &len, err) < 0)
		return px_err_prefix(err, "--process");
	if (spec_parse_process_json(text, len, c, err) < 0)
		return px_err_prefix(err, "--process %s", path);
	return 0;
}

int rt_exec_build_process(struct spec_config *c, const struct rt_exec_opts *o, struct px_error *err)
{
	struct spec_process *p = &c->process;

	if (o->process_file)
		return from_process_file(c, o->process_file, err);
	if (!c->has_process)
		return px_err(err, 0, "config.json: process: required (or give --process)");
	if (replace_args(p, o, err) < 0)
		return -1;
	if (o->cwd) {
		if (o->cwd[0] != '/')
			return px_err(err, 0, "--cwd \"%s\": must be an absolute path", o->cwd);
		free(p->cwd);
		p->cwd = px_xstrdup(o->cwd);
	}
	if (o->user && apply_user(p, o->user, err) < 0)
		return -1;
	if (apply_gids(p, o, err) < 0 || apply_env(p, o, err) < 0 || apply_caps(p, o, err) < 0)
		return -1;
	if (o->no_new_privs)
		p->no_new_privileges = true;
	/* --apparmor / --process-label replace the config's labels (runc) */
	if (o->apparmor && *o->apparmor) {
		free(p->apparmor_profile);
		p->apparmor_profile = px_xstrdup(o->apparmor);
	}
	if (o->process_label && *o->process_label) {
		free(p->selinux_label);
		p->selinux_label = px_xstrdup(o->process_label);
	}
	/* runc: no terminal unless -t asks for one, whatever config.json says */
	p->terminal = o->tty;
	return 0;
}
