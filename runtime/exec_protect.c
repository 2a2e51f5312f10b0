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
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/sendfile.h>
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

#ifndef MFD_EXEC
#define MFD_EXEC 0x0010U
#endif

static bool exe_on_read_only_mount(void)
{
	struct statvfs sv;
	/* statvfs follows the magic link to the file itself: its mount's flags */
	return statvfs("/proc/self/exe", &sv) == 0 && (sv.f_flag & ST_RDONLY);
}

/* Are we running from the sealed copy reexec_from_sealed_copy() made? */
static bool exe_is_sealed_copy(void)
{
	_cleanup_close_ int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
	int seals = fd < 0 ? -1 : fcntl(fd, F_GET_SEALS);

	return seals >= 0 && (seals & F_SEAL_WRITE);
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

/* An ordinary user may not make a mount namespace (without a user namespace,
 * which would keep us from joining the container's): re-execute from a sealed
 * in-memory copy of the binary instead, runc's defence against CVE-2019-5736
 * (2.7 MB copied per rootless exec). No write reaches the file: the seals forbid
 * it, and the host's binary is not the one /proc/<pid>/exe names. */
static int reexec_from_sealed_copy(char **argv, struct px_error *err)
{
	_cleanup_close_ int src = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
	_cleanup_close_ int copy = memfd_create("pidbox", MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_EXEC);
	struct stat st;

	if (copy < 0 && errno == EINVAL) /* before Linux 6.3: no MFD_EXEC, every memfd executable */
		copy = memfd_create("pidbox", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (src < 0 || copy < 0 || fstat(src, &st) < 0)
		return px_err(err, errno, "protect the pidbox binary: copy it to a sealed memfd");
	for (off_t done = 0; done < st.st_size;) {
		ssize_t n = sendfile(copy, src, NULL, (size_t)(st.st_size - done));
		if (n <= 0)
			return px_err(err, n < 0 ? errno : EIO, "protect the pidbox binary: copy it to a sealed memfd");
		done += n;
	}
	if (fcntl(copy, F_ADD_SEALS, F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE) < 0)
		return px_err(err, errno, "protect the pidbox binary: seal its copy");
	setenv(REEXEC_ENV, "1", 1);
	px_debug("exec: re-executing from a sealed copy of the binary");
	syscall(SYS_execveat, copy, "", argv, environ, AT_EMPTY_PATH);
	return px_err(err, errno, "re-execute pidbox from its sealed copy");
}

int rt_exec_protect_binary(const char *exe_target, struct px_error *err)
{
	_cleanup_free_ char *cmdline = NULL;
	_cleanup_free_ char **argv = NULL;
	_cleanup_close_ int exe = -1;

	if (exe_on_read_only_mount() || exe_is_sealed_copy()) {
		unsetenv(REEXEC_ENV);
		return 0;
	}
	if (getenv(REEXEC_ENV))
		return px_err_plain(err, EROFS, "protect the pidbox binary: still on a writable mount after re-executing");
	if (own_argv(&cmdline, &argv, err) < 0)
		return -1;
	/* Our mounts stay ours: a new mount namespace, "/" re-marked slave so
	 * nothing propagates back to the host (it may be shared, as systemd makes it). */
	if (unshare(CLONE_NEWNS) < 0) {
		if (errno == EPERM) /* rootless */
			return reexec_from_sealed_copy(argv, err);
		return px_err(err, errno, "protect the pidbox binary: unshare mount namespace");
	}
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
