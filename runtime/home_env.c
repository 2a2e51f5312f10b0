/* runtime/home_env.c — see home_env.h. */
#include "runtime/home_env.h"

#include <string.h>

#include "runtime/user_db.h"
#include "util/cleanup.h"
#include "util/fs.h"

char *rt_passwd_home(const char *passwd, uid_t uid)
{
	struct rt_user_db_entry e;
	uint32_t id;

	/* name:password:uid:gid:gecos:home:shell */
	for (const char *cur = passwd; rt_user_db_next(&cur, &e);) {
		if (!rt_user_db_id(&e, 2, &id) || id != (uint32_t)uid)
			continue;
		if (e.n >= 6 && e.len[5])
			return px_asprintf("%.*s", (int)e.len[5], e.field[5]);
		break;
	}
	return px_xstrdup("/");
}

char **rt_env_with_home(const struct spec_process *p)
{
	_cleanup_free_ char *passwd = NULL, *home = NULL;
	size_t n = 0, at;
	char **env;

	for (; p->env && p->env[n]; n++)
		if (!strncmp(p->env[n], "HOME=", 5) && p->env[n][5])
			return p->env;
	passwd = rt_user_db_read("etc/passwd");
	home = rt_passwd_home(passwd ? passwd : "", p->uid);
	env = px_xcalloc(n + 2, sizeof *env);
	at = n;
	for (size_t i = 0; i < n; i++) {
		env[i] = p->env[i];
		if (at == n && !strcmp(p->env[i], "HOME="))
			at = i; /* an empty HOME is replaced, as runc treats it as unset */
	}
	/* leaked on purpose: the caller execs in a moment */
	env[at] = px_asprintf("HOME=%s", home);
	return env;
}
