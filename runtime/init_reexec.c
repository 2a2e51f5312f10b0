#include "runtime/init_reexec.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <sched.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "runtime/pidns_hop.h"
#include "runtime/protocol.h"
#include "spec/config.h"
#include "util/cleanup.h"
#include "util/fs.h"
#include "util/log.h"

#define INIT_ARGV0 "pidbox-init"
#define INIT_ENV "_PIDBOX_INIT_MEMFD="
#define INIT_MAGIC "pidbox-init-v1"

enum {
	I_SYNC, I_FIFO, I_PROC, I_PRESERVE, I_NO_PIVOT, I_NO_KEYRING, I_UNSHARE, I_NEW_USERNS,
	I_NEW_TIMENS, I_NEW_CGROUPNS, I_LOG_FD, I_LOG_FLAGS, I_LOG_FORMAT, I_CONSOLE, I_INIT_MODE, I_MONITOR,
	I_PIDNS_HOP, I_HOP_FLAGS, I_RUNTIME_MNTNS, I_RUNTIME_ROOT, I_COUNT
};
/* The memfd holds NUL-terminated fields in this order, then the config text. */
struct init_record {
	char *id, *bundle, *rootfs;
	long long ints[I_COUNT];
	char *json;
	size_t json_len;
};


static int write_record(int fd, const struct rt_child_args *a, int runtime_mntns)
{
	struct px_log_state ls = px_log_get_state();
	long long ints[I_COUNT] = {
		[I_SYNC] = a->sync_fd,       [I_FIFO] = a->fifo_fd,         [I_PROC] = a->host_proc_fd,
		[I_PRESERVE] = a->preserve_fds, [I_NO_PIVOT] = a->no_pivot, [I_NO_KEYRING] = a->no_new_keyring,
		[I_UNSHARE] = (long long)a->unshare_flags, [I_NEW_USERNS] = a->new_userns,
		[I_NEW_TIMENS] = a->new_timens, [I_NEW_CGROUPNS] = a->new_cgroupns, [I_LOG_FD] = ls.fd,
		[I_LOG_FLAGS] = (ls.to_file ? 1 : 0) | (ls.debug ? 2 : 0), [I_LOG_FORMAT] = ls.format,
		[I_CONSOLE] = a->console_fd, [I_INIT_MODE] = a->init_mode, [I_MONITOR] = a->monitor_pid,
		[I_PIDNS_HOP] = a->pidns_hop, [I_HOP_FLAGS] = (long long)a->hop_clone_flags,
		[I_RUNTIME_MNTNS] = runtime_mntns, [I_RUNTIME_ROOT] = a->runtime_root,
	};
	const char *strs[] = { INIT_MAGIC, a->id, a->bundle, a->rootfs };

	for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
		if (px_write_all(fd, strs[i], strlen(strs[i]) + 1) < 0)
			return -1;
	for (int i = 0; i < I_COUNT; i++) {
		char num[32];
		int n = snprintf(num, sizeof num, "%lld", ints[i]);
		if (px_write_all(fd, num, (size_t)n + 1) < 0)
			return -1;
	}
	return px_write_all(fd, a->config_json, a->config_len);
}

/* fds the new image must inherit: clear close-on-exec (set again after). */
static int keep_across_exec(int fd)
{
	return fd < 0 ? 0 : fcntl(fd, F_SETFD, 0);
}

/* Bind our binary onto target, read-only. Not through /proc/self/exe: that file
 * belongs to the host's mount namespace, and mount(2) refuses a bind source from
 * another namespace (EINVAL). Its path, looked up in our copy of the host's mounts
 * (the container cannot touch them yet), is our binary; the inode check catches
 * it being replaced between the two lookups. (Not a stat of /proc/self/exe: under
 * valgrind, which bench/ uses to count instructions, that is valgrind's own.) */
int rt_bind_binary_read_only(const char *target, struct px_error *err)
{
	char self[PATH_MAX];
	struct stat want, got;
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);

	if (n < 0)
		return px_err(err, errno, "readlink /proc/self/exe");
	self[n] = '\0';
	if (stat(self, &want) < 0)
		return px_err(err, errno, "stat the pidbox binary %s", self);
	if (mount(self, target, NULL, MS_BIND, NULL) < 0)
		return px_err(err, errno, "bind the pidbox binary %s onto %s", self, target);
	if (mount(NULL, target, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV, NULL) < 0)
		return px_err(err, errno, "make %s read-only", target);
	if (stat(target, &got) < 0)
		return px_err(err, errno, "stat %s", target);
	if (got.st_dev != want.st_dev || got.st_ino != want.st_ino)
		return px_err_plain(err, ESTALE, "the pidbox binary %s was replaced while pidbox started", self);
	return 0;
}

/* In a new user namespace our ids are unmapped until we set them. This must come
 * before the execve, which keeps a process's capabilities in a user namespace
 * only if it is that namespace's root (capabilities(7)), and after every host
 * path was opened: once we are the container's root we are a stranger to host
 * directories such as a 0700 --root. */
int rt_become_userns_root(const struct rt_child_args *a, struct px_error *err)
{
	if (a->new_userns && (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0))
		return px_err(err, errno, "linux.uidMappings: become root in the user namespace "
		                          "(is container id 0 mapped?)");
	return 0;
}

int rt_init_reexec(const struct rt_child_args *a, struct px_error *err)
{
	const char *exe_target = a->exe_target;
	_cleanup_close_ int memfd = -1, exe = -1, runtime_mntns = -1;
	char env[64];
	char *argv[] = { INIT_ARGV0, NULL };
	char *envp[] = { env, NULL };

	/* Our mounts must never reach the host. Without a mount namespace from clone3
	 * (a user or mount namespace joined by path: the container's own comes later)
	 * we are still in the host's, so make a private one for this step. "/" may be
	 * shared (systemd makes it so): re-mark it (ns_setup_rootfs does so again). */
	if (!spec_has_namespace(a->config, CLONE_NEWNS)) {
		/* The container keeps the runtime's: the private one is for this step only
		 * (runtime/shared_mntns.h), and the re-executed init goes back. */
		runtime_mntns = openat(a->host_proc_fd, "self/ns/mnt", O_RDONLY | O_CLOEXEC);
		if (runtime_mntns < 0)
			return px_err(err, errno, "open the runtime's mount namespace");
	}
	if (!a->cloned_mntns && unshare(CLONE_NEWNS) < 0)
		return px_err(err, errno, "unshare mount namespace");
	if (mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL) < 0)
		return px_err(err, errno, "make / a slave mount");
	if (rt_bind_binary_read_only(exe_target, err) < 0)
		return -1;
	exe = open(exe_target, O_PATH | O_CLOEXEC);
	if (exe < 0)
		return px_err(err, errno, "open %s", exe_target);

	memfd = memfd_create("pidbox-init", MFD_ALLOW_SEALING);
	if (memfd < 0)
		return px_err(err, errno, "memfd_create");
	if (write_record(memfd, a, runtime_mntns) < 0 || lseek(memfd, 0, SEEK_SET) < 0)
		return px_err(err, errno, "write the init's state");
	/* Sealed: nothing running after us (the workload inherits no fd to it anyway)
	 * can change what the new image reads. */
	fcntl(memfd, F_ADD_SEALS, F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE);
	snprintf(env, sizeof env, INIT_ENV "%d", memfd);
	if (keep_across_exec(memfd) < 0 || keep_across_exec(a->sync_fd) < 0 || keep_across_exec(a->fifo_fd) < 0 ||
	    keep_across_exec(a->host_proc_fd) < 0 || keep_across_exec(a->console_fd) < 0 ||
	    keep_across_exec(runtime_mntns) < 0 || (px_log_to_file() && keep_across_exec(px_log_get_state().fd) < 0))
		return px_err(err, errno, "keep fds across exec");
	/* --preserve-fds belong to the workload: they must survive this exec too. */
	for (int fd = 3; fd < 3 + a->preserve_fds; fd++)
		keep_across_exec(fd);
	/* with a pid namespace hop, we make the user namespace after the re-exec */
	if (!a->pidns_hop && rt_become_userns_root(a, err) < 0)
		return -1;
	syscall(SYS_execveat, exe, "", argv, envp, AT_EMPTY_PATH);
	/* Kernels before 3.19 and valgrind have no execveat: the path names the same
	 * read-only mount in our private namespace. */
	if (errno == ENOSYS)
		execve(exe_target, argv, envp);
	return px_err(err, errno, "re-execute pidbox from %s", exe_target);
}

bool rt_init_reexec_requested(int argc, char **argv)
{
	const char *v = getenv("_PIDBOX_INIT_MEMFD");
	return argc == 1 && v && !strcmp(argv[0], INIT_ARGV0);
}

/* Split the record into its fields; fails on anything malformed (this image may
 * also have been started by hand, or by a workload, with a bogus fd). */
static int read_record(int fd, struct init_record *r, char **buf, struct px_error *err)
{
	size_t len, pos = 0;
	char *field[4 + I_COUNT];

	if (px_read_fd(fd, "init state", buf, &len, err) < 0)
		return -1;
	for (int i = 0; i < 4 + I_COUNT; i++) {
		size_t flen = strnlen(*buf + pos, len - pos);
		if (pos + flen >= len)
			return px_err_plain(err, EINVAL, "init state: truncated");
		field[i] = *buf + pos;
		pos += flen + 1;
	}
	if (strcmp(field[0], INIT_MAGIC))
		return px_err_plain(err, EINVAL, "init state: bad magic");
	r->id = field[1];
	r->bundle = field[2];
	r->rootfs = field[3];
	for (int i = 0; i < I_COUNT; i++) {
		char *end;
		errno = 0;
		r->ints[i] = strtoll(field[4 + i], &end, 10);
		if (errno || *end)
			return px_err_plain(err, EINVAL, "init state: bad number");
	}
	r->json = *buf + pos;
	r->json_len = len - pos;
	return 0;
}

static void close_on_exec(int fd)
{
	if (fd >= 0)
		fcntl(fd, F_SETFD, FD_CLOEXEC);
}

__attribute__((noreturn)) void rt_init_reexec_main(void)
{
	struct px_error err = { 0 };
	struct init_record r = { 0 };
	struct rt_child_args a;
	struct spec_config *config = NULL;
	char *buf = NULL;
	char *end;
	long memfd = strtol(getenv("_PIDBOX_INIT_MEMFD"), &end, 10);

	if (*end || memfd < 0 || memfd > 1 << 20 || read_record((int)memfd, &r, &buf, &err) < 0) {
		fprintf(stderr, "pidbox-init: %s\n", err.msg[0] ? err.msg : "bad _PIDBOX_INIT_MEMFD");
		_exit(1);
	}
	close((int)memfd);
	{
		struct px_log_state ls = { .fd = (int)r.ints[I_LOG_FD], .to_file = r.ints[I_LOG_FLAGS] & 1,
		                           .debug = (r.ints[I_LOG_FLAGS] & 2) != 0,
		                           .format = (enum px_log_format)r.ints[I_LOG_FORMAT] };
		px_log_adopt_state(&ls);
		if (ls.to_file)
			close_on_exec(ls.fd);
	}
	memset(&a, 0, sizeof a);
	a.id = r.id;
	a.bundle = r.bundle;
	a.rootfs = r.rootfs;
	a.sync_fd = (int)r.ints[I_SYNC];
	a.fifo_fd = (int)r.ints[I_FIFO];
	a.host_proc_fd = (int)r.ints[I_PROC];
	a.self_stat_fd = -1;
	a.fifo_proc_fd = -1;
	a.preserve_fds = (int)r.ints[I_PRESERVE];
	a.no_pivot = r.ints[I_NO_PIVOT];
	a.no_new_keyring = r.ints[I_NO_KEYRING];
	a.unshare_flags = (unsigned long)r.ints[I_UNSHARE];
	a.new_userns = r.ints[I_NEW_USERNS];
	a.new_timens = r.ints[I_NEW_TIMENS];
	a.new_cgroupns = r.ints[I_NEW_CGROUPNS];
	a.console_fd = (int)r.ints[I_CONSOLE];
	close_on_exec(a.console_fd);
	a.init_mode = (int)r.ints[I_INIT_MODE];
	a.monitor_pid = (pid_t)r.ints[I_MONITOR];
	a.pidns_hop = r.ints[I_PIDNS_HOP] != 0;
	a.hop_clone_flags = (unsigned long)r.ints[I_HOP_FLAGS];
	a.runtime_root = r.ints[I_RUNTIME_ROOT] != 0;
	close_on_exec(a.sync_fd);
	close_on_exec(a.fifo_fd);
	close_on_exec(a.host_proc_fd);
	a.runtime_mntns_fd = (int)r.ints[I_RUNTIME_MNTNS];
	close_on_exec(a.runtime_mntns_fd);
	if (spec_parse_config(r.json, r.json_len, &config, &err) < 0) {
		px_err_prefix(&err, "config.json");
		rt_msg_send_error(a.sync_fd, &err);
		_exit(1);
	}
	a.config = config;
	a.hop_procfs_fd = -1;
	a.hop_tty_fd = -1;
	/* execve made us dumpable again, and the hop's setup starts before
	 * rt_child_resume says otherwise (its one dumpable moment: make_namespaces) */
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	if (a.pidns_hop && rt_pidns_hop_enter(&a, &err) < 0) {
		rt_msg_send_error(a.sync_fd, &err);
		_exit(1);
	}
	rt_child_resume(&a);
}
