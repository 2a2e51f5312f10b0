/* runtime/exec_process.c — the process `exec` runs: config.json's process with
 * the command line's overrides, or a --process file (runc's rules, exec.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/exec.h"
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

/* -u uid[:gid], numeric as runc's (names would need the container's /etc/passwd). */
static int apply_user(struct spec_process *p, const char *user, struct px_error *err)
{
	_cleanup_free_ char *copy = px_xstrdup(user);
	char *colon = strchr(copy, ':');

	if (colon) {
		*colon = '\0';
		if (parse_id(colon + 1, "--user", "the gid", &p->gid, err) < 0)
			return -1;
	}
	return parse_id(copy, "--user", "the uid", &p->uid, err);
}

static int apply_gids(struct spec_process *p, const struct rt_exec_opts *o, struct px_error *err)
{
	if (!o->n_additional_gids)
		return 0;
	p->additional_gids = px_xrealloc(p->additional_gids,
	                                 (p->n_additional_gids + o->n_additional_gids) * sizeof *p->additional_gids);
	for (size_t i = 0; i < o->n_additional_gids; i++)
		if (parse_id(o->additional_gids[i], "--additional-gids", "a gid",
		             &p->additional_gids[p->n_additional_gids++], err) < 0)
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
