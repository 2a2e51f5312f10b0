/* runtime/user_db.c — see user_db.h. */
#include "runtime/user_db.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util/cleanup.h"
#include "util/fs.h"
#include "util/log.h"

char *rt_user_db_read(const char *path)
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
	fd = (int)syscall(SYS_openat2, root, path, &how, sizeof how);
	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		px_debug("no usable /%s in the container (%s)", path, fd < 0 ? strerror(errno) : "not a regular file");
		return NULL;
	}
	buf = px_xmalloc(RT_USER_DB_MAX + 1);
	while (len < RT_USER_DB_MAX && (n = read(fd, buf + len, RT_USER_DB_MAX - len)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	return buf;
}

bool rt_user_db_next(const char **cursor, struct rt_user_db_entry *e)
{
	const char *line = *cursor, *end, *f;

	if (!line || !*line)
		return false;
	end = strchrnul(line, '\n');
	memset(e, 0, sizeof *e);
	for (f = line; e->n < 7;) {
		const char *colon = memchr(f, ':', (size_t)(end - f));
		e->field[e->n] = f;
		e->len[e->n] = (size_t)((colon ? colon : end) - f);
		e->n++;
		if (!colon)
			break;
		f = colon + 1;
	}
	*cursor = *end ? end + 1 : end;
	return true;
}

bool rt_user_db_id(const struct rt_user_db_entry *e, size_t i, uint32_t *out)
{
	uint64_t v = 0;

	if (i >= e->n || !e->len[i])
		return false;
	for (size_t k = 0; k < e->len[i]; k++) {
		char c = e->field[i][k];
		if (c < '0' || c > '9')
			return false;
		v = v * 10 + (uint64_t)(c - '0');
		if (v > UINT32_MAX) /* before it could wrap: no uid 0 from a long number */
			return false;
	}
	*out = (uint32_t)v;
	return true;
}

bool rt_user_db_find_name(const char *db, const char *name, struct rt_user_db_entry *e)
{
	size_t len = strlen(name);

	for (const char *cur = db; rt_user_db_next(&cur, e);)
		if (e->len[0] == len && !memcmp(e->field[0], name, len))
			return true;
	return false;
}
