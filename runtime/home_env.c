/* runtime/home_env.c — see home_env.h. */
#include "runtime/home_env.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util/cleanup.h"
#include "util/fs.h"
#include "util/log.h"

char *rt_passwd_home(const char *passwd, uid_t uid)
{
	for (const char *line = passwd; line && *line;) {
		const char *end = strchrnul(line, '\n'), *f = line, *field[7] = { 0 };
		size_t nf = 0;

		/* name:password:uid:gid:gecos:home:shell */
		while (nf < 7) {
			field[nf++] = f;
			f = memchr(f, ':', (size_t)(end - f));
			if (!f)
				break;
			f++;
		}
		if (nf >= 3) {
			char *num_end;
			errno = 0;
			unsigned long v = strtoul(field[2], &num_end, 10);
			bool is_uid = field[2][0] >= '0' && field[2][0] <= '9' && !errno &&
			              (*num_end == ':' || num_end == end) && v == (unsigned long)uid;
			if (is_uid && nf >= 6) {
				const char *h_end = nf >= 7 ? field[6] - 1 : end;
				if (h_end > field[5])
					return px_asprintf("%.*s", (int)(h_end - field[5]), field[5]);
			}
			if (is_uid)
				break;
		}
		line = *end ? end + 1 : NULL;
	}
	return px_xstrdup("/");
}

/* The container's /etc/passwd, read as described in home_env.h; NULL when it
 * cannot be (missing, not a regular file, a magic link on the way, no openat2). */
static char *read_container_passwd(void)
{
	struct open_how how = { .flags = O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC,
		                .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS };
	_cleanup_close_ int root = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	_cleanup_close_ int fd = -1;
	char *buf;
	struct stat st;
	ssize_t n;
	size_t len = 0;

	if (root < 0)
		return NULL;
	fd = (int)syscall(SYS_openat2, root, "etc/passwd", &how, sizeof how);
	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		px_debug("HOME: no usable /etc/passwd in the container (%s)", fd < 0 ? strerror(errno) : "not a regular file");
		return NULL;
	}
	buf = px_xmalloc(RT_PASSWD_MAX + 1);
	while (len < RT_PASSWD_MAX && (n = read(fd, buf + len, RT_PASSWD_MAX - len)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	return buf;
}

char **rt_env_with_home(const struct spec_process *p)
{
	_cleanup_free_ char *passwd = NULL, *home = NULL;
	size_t n = 0, at;
	char **env;

	for (; p->env && p->env[n]; n++)
		if (!strncmp(p->env[n], "HOME=", 5) && p->env[n][5])
			return p->env;
	passwd = read_container_passwd();
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
