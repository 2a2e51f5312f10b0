/* runtime/user_db.h — the container image's /etc/passwd and /etc/group.
 *
 * For HOME (runtime/home_env.h) and for `exec -u NAME[:GROUP]` / `-g NAME`
 * (runtime/exec_process.c). The files are the image's, so they are read as an
 * attacker's: resolved inside the caller's root (the container's) without
 * magic links (a symlink /etc/passwd -> /proc/self/fd/N would otherwise reach
 * the runtime's own fds; RESOLVE_IN_ROOT keeps an absolute or ".." symlink
 * inside), only a regular file (a FIFO would hang the runtime, /dev/zero never
 * ends), at most RT_USER_DB_MAX bytes. Parsing is pure: the texts are unit-tested.
 */
#ifndef PX_RUNTIME_USER_DB_H
#define PX_RUNTIME_USER_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RT_USER_DB_MAX (1 << 20)

/* The container's file at path (relative to its root, e.g. "etc/passwd"),
 * NUL-terminated, malloc'd; NULL when it cannot be read as above (the reason
 * goes to the debug log). The caller must be in the container's mount namespace
 * and root, and still able to read it (before the user change). */
char *rt_user_db_read(const char *path);

/* One line of a passwd or group file, split at ':' (at most 7 fields; a field
 * runs to the next ':' or the line's end). */
struct rt_user_db_entry {
	const char *field[7];
	size_t len[7];
	size_t n;
};

/* Walk db line by line: *cursor starts at the text (NULL: an empty walk); each
 * call fills e with the next line and returns true, false at the end. */
bool rt_user_db_next(const char **cursor, struct rt_user_db_entry *e);

/* Field i of e as a decimal id (digits only, at most UINT32_MAX); false when it
 * is missing or anything else (a negative or overflowing id is no id). */
bool rt_user_db_id(const struct rt_user_db_entry *e, size_t i, uint32_t *out);

/* The first entry whose first field (the name) is name: true and e filled. */
bool rt_user_db_find_name(const char *db, const char *name, struct rt_user_db_entry *e);

#endif
