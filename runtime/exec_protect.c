/* runtime/exec_protect.c — re-execute `pidbox exec` from a read-only mount of its
 * binary; see exec_protect.h for the why. */
#include "runtime/exec_protect.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "runtime/init_reexec.h"
#include "util/cleanup.h"
#include "util/fs.h"
#include "util/log.h"

/* Set across the re-exec only to tell a failed protection from a loop. */
#define REEXEC_ENV "_PIDBOX_EXEC_REEXEC"

extern char **environ;

static bool exe_on_read_only_mount(void)
{
	struct statvfs sv;
	/* statvfs follows the magic link to the file itself: its mount's flags */
	return statvfs("/proc/self/exe", &sv) == 0 && (sv.f_flag & ST_RDONLY);
}

/* Our own argv, exactly (NUL-separated in /proc/self/cmdline). */
static int own_argv(char **buf, char ***argv, struct px_error *err)
{
	size_t len, n = 0;

	if (px_read_file("/proc/self/cmdline", buf, &len, err) < 0)
		return -1;
	for (size_t i = 0; i < len; i++)
		n += (*buf)[i] == '\0';
	*argv = px_xcalloc(n + 1, sizeof **argv);
	n = 0;
	for (size_t i = 0; i < len; i += strlen(*buf + i) + 1)
		(*argv)[n++] = *buf + i;
	return 0;
}

int rt_exec_protect_binary(const char *exe_target, struct px_error *err)
{
	_cleanup_free_ char *cmdline = NULL;
	_cleanup_free_ char **argv = NULL;
	_cleanup_close_ int exe = -1;

	if (exe_on_read_only_mount()) {
		unsetenv(REEXEC_ENV);
		return 0;
	}
	if (getenv(REEXEC_ENV))
		return px_err_plain(err, EROFS, "protect the pidbox binary: still on a writable mount after re-executing");
	if (own_argv(&cmdline, &argv, err) < 0)
		return -1;
	/* Our mounts stay ours: a new mount namespace, "/" re-marked slave so
	 * nothing propagates back to the host (it may be shared, as systemd makes it). */
	if (unshare(CLONE_NEWNS) < 0)
		return px_err(err, errno, "protect the pidbox binary: unshare mount namespace");
	if (mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL) < 0)
		return px_err(err, errno, "protect the pidbox binary: make / a slave mount");
	if (rt_bind_binary_read_only(exe_target, err) < 0)
		return px_err_prefix(err, "protect the pidbox binary");
	exe = open(exe_target, O_PATH | O_CLOEXEC);
	if (exe < 0)
		return px_err(err, errno, "open %s", exe_target);
	setenv(REEXEC_ENV, "1", 1);
	px_debug("exec: re-executing from a read-only mount of the binary (%s)", exe_target);
	syscall(SYS_execveat, exe, "", argv, environ, AT_EMPTY_PATH);
	/* valgrind and kernels before 3.19 lack execveat; the path names the same
	 * read-only mount in our namespace */
	if (errno == ENOSYS)
		execve(exe_target, argv, environ);
	return px_err(err, errno, "re-execute pidbox from %s", exe_target);
}
