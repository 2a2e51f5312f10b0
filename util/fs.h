/* util/fs.h — small file helpers shared by several rooms. All return -1 and fill
 * err on failure (the message names the path). */
#ifndef PX_UTIL_FS_H
#define PX_UTIL_FS_H

#include <stddef.h>
#include <sys/types.h>

#include "util/error.h"

/* Read a whole file (at dirfd, or AT_FDCWD) into a NUL-terminated malloc'd buffer.
 * *len (optional) gets the byte count without the NUL. */
int px_read_file_at(int dirfd, const char *path, char **out, size_t *len, struct px_error *err);
int px_read_file(const char *path, char **out, size_t *len, struct px_error *err);
/* The same from an open fd, from its current offset to EOF; `what` names it in errors. */
int px_read_fd(int fd, const char *what, char **out, size_t *len, struct px_error *err);

/* Read an input file that someone else named or could have replaced (config.json,
 * exec --process, update --resources, state.json): it must be a regular file (a FIFO
 * would block, /dev/zero never ends, a device may act on open) of at most max bytes.
 * The type is checked before the open (no device is ever opened) and again on the
 * open fd; extra_flags may add O_NOFOLLOW. Errors name path only, never its bytes. */
/* The bound for those inputs: 16 MiB, far above any real one (runc's default config is
 * 3 KiB, a large seccomp profile 100 KiB; annotations are bounded to 1 MiB apart).
 * runc has none, but Go's decoder streams; we hold the text, yajl's tree and the
 * parsed copy at once, so a /dev/zero or a multi-GB file must stop here. */
#define PX_INPUT_MAX ((size_t)16 << 20)
int px_read_regular_at(int dirfd, const char *path, int extra_flags, size_t max, char **out, size_t *len,
                       struct px_error *err);
/* The same bound for an fd that may be a pipe (update --resources -). */
int px_read_fd_max(int fd, const char *what, size_t max, char **out, size_t *len, struct px_error *err);

/* Write data to path (relative to dirfd) atomically: a new temp file (O_EXCL) in
 * the same dir, then rename over path. mode for the new file. Atomic for readers
 * and against the writer being killed; not against a machine crash. */
int px_write_file_atomic_at(int dirfd, const char *path, const void *data, size_t len,
                            mode_t mode, struct px_error *err);

/* Write a string to an existing file such as a cgroup or /proc knob (O_WRONLY, no
 * O_CREAT/O_TRUNC). The error names the file and what was written. */
int px_write_knob_at(int dirfd, const char *path, const char *value, struct px_error *err);

/* mkdir -p with mode; existing directories are fine. */
int px_mkdir_p(const char *path, mode_t mode, struct px_error *err);

/* Remove a directory tree (no symlink following). Missing is fine. */
int px_rm_rf_at(int dirfd, const char *name, struct px_error *err);

/* write() all of buf, retrying on EINTR and short writes. Returns 0 or -1 (errno set). */
int px_write_all(int fd, const void *buf, size_t len);

/* printf into a malloc'd string; aborts on out-of-memory (as all allocation helpers
 * here: pidbox treats OOM as fatal, like crun's xmalloc). */
char *px_asprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void *px_xmalloc(size_t n);
void *px_xcalloc(size_t n, size_t size);
void *px_xrealloc(void *p, size_t n);
char *px_xstrdup(const char *s);

#endif
