/* util/cleanup.h — ownership by cleanup attributes (see shared/STYLE.md §2).
 *
 * A variable declared with one of these is released when it leaves scope, on every
 * return path. Hand ownership on with px_steal_fd()/px_steal_ptr(), which return the
 * value and disarm the variable. */
#ifndef PX_UTIL_CLEANUP_H
#define PX_UTIL_CLEANUP_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <errno.h>

static inline void px_close_ptr(int *fd)
{
	if (*fd >= 0) {
		int saved = errno; /* closing must not clobber the errno an error path reports */
		close(*fd);
		errno = saved;
	}
}
static inline void px_free_ptr(void *p) { free(*(void **)p); }
static inline void px_fclose_ptr(FILE **f)
{
	if (*f)
		fclose(*f);
}
/* Free a NULL-terminated array of strings. */
static inline void px_strv_free(char **v)
{
	if (!v)
		return;
	for (char **p = v; *p; p++)
		free(*p);
	free(v);
}
static inline void px_strv_free_ptr(char ***v) { px_strv_free(*v); }

#define _cleanup_close_ __attribute__((cleanup(px_close_ptr)))
#define _cleanup_free_ __attribute__((cleanup(px_free_ptr)))
#define _cleanup_fclose_ __attribute__((cleanup(px_fclose_ptr)))
#define _cleanup_strv_ __attribute__((cleanup(px_strv_free_ptr)))

static inline int px_steal_fd(int *fd)
{
	int v = *fd;
	*fd = -1;
	return v;
}
static inline void *px_steal_ptr(void *pp)
{
	void *v = *(void **)pp;
	*(void **)pp = NULL;
	return v;
}

#endif
