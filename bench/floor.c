/* bench/floor.c — the floor for the benchmarks: only what the kernel makes any
 * runtime do for the benchmark's container, with nothing of a runtime around it
 * (no config to parse, no state, no protocol, no defence). The benchmarks time it
 * exactly as they time pidbox, crun and runc, so "pidbox/floor" says how far a
 * runtime is from what its work costs in the kernel.
 *
 *   floor run ROOTFS CGPATH HOSTNAME
 *     the `run /bin/true` of bench/lifecycle's bundle (tests/lib/bundle.sh):
 *     - a cgroup CGPATH (e.g. /pidbox-bench-123/c; its parents are made as needed)
 *       in every hierarchy mounted under /sys/fs/cgroup: each v1 hierarchy and, on
 *       a hybrid host, the cgroup2 one, as pidbox and crun do;
 *     - clone3 into new mount, pid, ipc, uts and network namespaces — the bundle's
 *       five (bench/lifecycle checks that the bundle still has exactly these);
 *       on a pure cgroup v2 host straight into the cgroup (CLONE_INTO_CGROUP),
 *       elsewhere the parent writes the child's pid to each cgroup.procs;
 *     - in the child, meanwhile: mounts private, ROOTFS bound on itself, /proc, a
 *       tmpfs /dev with null, zero, full, random, urandom and tty (mknod, as pidbox
 *       does), the hostname, pivot_root; then it waits until it is in its cgroups
 *       and execs /bin/true;
 *     - wait for it, rmdir the cgroups (the parents stay, as with the runtimes).
 *     Not done (a runtime does them for this bundle): devpts, /dev/shm, mqueue,
 *     sysfs and cgroup mounts, masked and read-only paths, the read-only root,
 *     device cgroup rules, capabilities, rlimits, no_new_privs, the state
 *     directory, the CVE-2019-5736 defence. The floor is what no runtime can
 *     avoid, not a runtime.
 *   floor exec PID CGPATH
 *     the `exec <id> /bin/true` of bench/exec: join the cgroups CGPATH of the
 *     container whose init is PID (before entering its mount namespace, where
 *     /sys/fs/cgroup is the container's), enter its five namespaces with one setns
 *     on a pidfd, clone3 (into the pid namespace; on pure v2 into the cgroup),
 *     exec /bin/true, wait.
 * Exit status: the workload's; 1 with one line on stderr when a step fails. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/magic.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#define CG_ROOT "/sys/fs/cgroup"
#define MAX_HIERS 16
#define NS_FLAGS (CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWNET)

static char *const workload[] = { "/bin/true", NULL };
static char *const workload_env[] = { "PATH=/usr/sbin:/usr/bin:/sbin:/bin", NULL };

static void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("floor: ", stderr);
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, ": %s\n", strerror(errno));
	va_end(ap);
	_exit(1);
}

/* The container's cgroup in each hierarchy; v2 is set on a pure cgroup v2 host,
 * where there is one hierarchy and the child is born in it. */
struct cgroups {
	char leaf[MAX_HIERS][PATH_MAX];
	size_t n;
	int v2;
};

static int is_cgroup_fs(const char *path)
{
	struct statfs st;
	return statfs(path, &st) == 0 &&
	       (st.f_type == CGROUP_SUPER_MAGIC || st.f_type == CGROUP2_SUPER_MAGIC);
}

/* A new v1 cpuset cgroup starts with no cpus and no mems, and no process may
 * enter it until it has some: copy its parent's, as every runtime must. */
static void inherit_cpuset(char *dir)
{
	static const char *const files[] = { "cpuset.cpus", "cpuset.mems" };
	char path[PATH_MAX + 16], buf[4096];
	char *slash = strrchr(dir, '/');

	for (size_t i = 0; i < 2; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, files[i]);
		int fd = open(path, O_WRONLY | O_CLOEXEC);
		if (fd < 0 && errno == ENOENT)
			return; /* not the cpuset hierarchy */
		*slash = '\0';
		snprintf(path, sizeof path, "%s/%s", dir, files[i]);
		*slash = '/';
		int from = open(path, O_RDONLY | O_CLOEXEC);
		ssize_t n = from < 0 ? -1 : read(from, buf, sizeof buf);
		if (fd < 0 || n <= 0 || write(fd, buf, (size_t)n) != n)
			die("copy %s into %s", path, dir);
		close(from);
		close(fd);
	}
}

/* mkdir -p MNT/CGPATH; the leaf must be new (a leftover would hide a leak). */
static void make_leaf(const char *mnt, const char *cgpath, char *leaf)
{
	snprintf(leaf, PATH_MAX, "%s%s", mnt, cgpath);
	for (char *s = leaf + strlen(mnt) + 1; (s = strchr(s, '/')); s++) {
		*s = '\0';
		if (mkdir(leaf, 0755) == 0)
			inherit_cpuset(leaf);
		else if (errno != EEXIST)
			die("mkdir %s", leaf);
		*s = '/';
	}
	if (mkdir(leaf, 0755) < 0)
		die("mkdir %s", leaf);
	inherit_cpuset(leaf);
}

/* Every hierarchy: /sys/fs/cgroup itself when it is cgroup2, else each cgroup
 * mount in it (symlinks such as cpu -> cpu,cpuacct are skipped: the same one). */
static void find_cgroups(const char *cgpath, int create, struct cgroups *cg)
{
	struct statfs st;
	cg->n = 0;
	if (statfs(CG_ROOT, &st) < 0)
		die("statfs %s", CG_ROOT);
	cg->v2 = st.f_type == CGROUP2_SUPER_MAGIC;
	if (cg->v2) {
		if (create)
			make_leaf(CG_ROOT, cgpath, cg->leaf[cg->n]);
		else
			snprintf(cg->leaf[cg->n], PATH_MAX, "%s%s", CG_ROOT, cgpath);
		cg->n++;
		return;
	}
	DIR *d = opendir(CG_ROOT);
	if (!d)
		die("opendir %s", CG_ROOT);
	for (struct dirent *e; (e = readdir(d)) && cg->n < MAX_HIERS;) {
		char mnt[PATH_MAX];
		if (e->d_type != DT_DIR || e->d_name[0] == '.')
			continue;
		snprintf(mnt, sizeof mnt, "%s/%s", CG_ROOT, e->d_name);
		if (!is_cgroup_fs(mnt))
			continue;
		if (create)
			make_leaf(mnt, cgpath, cg->leaf[cg->n]);
		else
			snprintf(cg->leaf[cg->n], PATH_MAX, "%s%s", mnt, cgpath);
		cg->n++;
	}
	closedir(d);
}

static void enter_cgroups(const struct cgroups *cg, pid_t pid)
{
	char path[PATH_MAX + 16], buf[24];
	int len = snprintf(buf, sizeof buf, "%d", pid);
	for (size_t i = 0; i < cg->n; i++) {
		snprintf(path, sizeof path, "%s/cgroup.procs", cg->leaf[i]);
		int fd = open(path, O_WRONLY | O_CLOEXEC);
		if (fd < 0 || write(fd, buf, len) != len)
			die("write %s", path);
		close(fd);
	}
}

/* After the reap the cgroups are empty; the kernel may still be releasing the
 * last css_set for a moment, hence the retry on EBUSY. */
static void remove_cgroups(const struct cgroups *cg)
{
	for (size_t i = 0; i < cg->n; i++)
		for (int tries = 0; rmdir(cg->leaf[i]) < 0; tries++) {
			if (errno != EBUSY || tries == 10000)
				die("rmdir %s", cg->leaf[i]);
			sched_yield();
		}
}

/* clone3 (into cgroup_fd's cgroup when >= 0). Under valgrind, which has no clone3
 * (ENOSYS), a fork-like clone() with the same flags: *placed is then 0 and the
 * caller moves the child into its cgroups by hand, as on v1. */
static pid_t clone3_into(uint64_t flags, int cgroup_fd, int *placed)
{
	struct clone_args args = { .flags = flags, .exit_signal = SIGCHLD };
	if (cgroup_fd >= 0) {
		args.flags |= CLONE_INTO_CGROUP;
		args.cgroup = (uint64_t)cgroup_fd;
	}
	*placed = cgroup_fd >= 0;
	pid_t pid = (pid_t)syscall(SYS_clone3, &args, sizeof args);
	if (pid < 0 && errno == ENOSYS) {
		*placed = 0;
		pid = (pid_t)syscall(SYS_clone, (unsigned long)flags | SIGCHLD, NULL, NULL, NULL, NULL);
	}
	if (pid < 0)
		die("clone");
	return pid;
}

static int open_cgroup_dir(const struct cgroups *cg)
{
	if (!cg->v2)
		return -1;
	int fd = open(cg->leaf[0], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		die("open %s", cg->leaf[0]);
	return fd;
}

static int wait_workload(pid_t pid)
{
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			die("waitpid");
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static void make_dev_nodes(void)
{
	static const struct {
		const char *name;
		unsigned maj, min;
	} nodes[] = { { "null", 1, 3 }, { "zero", 1, 5 },    { "full", 1, 7 },
		      { "random", 1, 8 }, { "urandom", 1, 9 }, { "tty", 5, 0 } };
	for (size_t i = 0; i < sizeof nodes / sizeof nodes[0]; i++)
		if (mknodat(AT_FDCWD, nodes[i].name, S_IFCHR | 0666,
			    makedev(nodes[i].maj, nodes[i].min)) < 0)
			die("mknod /dev/%s", nodes[i].name);
}

/* The container's side of `run`: its root, then wait for the parent's word that
 * it is in its cgroups (EOF: the parent died), then the workload. */
static void child_run(const char *rootfs, const char *hostname, int go_fd)
{
	umask(0);
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		die("make / private");
	if (mount(rootfs, rootfs, NULL, MS_BIND, NULL) < 0)
		die("bind %s", rootfs);
	if (chdir(rootfs) < 0)
		die("chdir %s", rootfs);
	if (mount("proc", "proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		die("mount /proc");
	if (mount("tmpfs", "dev", "tmpfs", MS_NOSUID | MS_STRICTATIME, "mode=755,size=65536k") < 0)
		die("mount /dev");
	if (chdir("dev") < 0)
		die("chdir dev");
	make_dev_nodes();
	if (chdir("..") < 0)
		die("chdir ..");
	if (sethostname(hostname, strlen(hostname)) < 0)
		die("sethostname");
	if (syscall(SYS_pivot_root, ".", ".") < 0)
		die("pivot_root");
	if (umount2(".", MNT_DETACH) < 0)
		die("detach the old root");
	if (chdir("/") < 0)
		die("chdir /");
	char go;
	if (read(go_fd, &go, 1) != 1)
		_exit(1);
	execve(workload[0], workload, workload_env);
	die("execve %s", workload[0]);
}

static int floor_run(const char *rootfs, const char *cgpath, const char *hostname)
{
	struct cgroups cg;
	int go[2];

	find_cgroups(cgpath, 1, &cg);
	if (pipe2(go, O_CLOEXEC) < 0)
		die("pipe");
	int placed, cgfd = open_cgroup_dir(&cg);
	pid_t pid = clone3_into(NS_FLAGS, cgfd, &placed);
	if (pid == 0) {
		close(go[1]);
		child_run(rootfs, hostname, go[0]);
	}
	close(go[0]);
	if (!placed)
		enter_cgroups(&cg, pid);
	if (write(go[1], "g", 1) != 1)
		die("wake the child");
	close(go[1]);
	int status = wait_workload(pid);
	remove_cgroups(&cg);
	return status;
}

static int floor_exec(pid_t target, const char *cgpath)
{
	struct cgroups cg;

	find_cgroups(cgpath, 0, &cg);
	int pidfd = (int)syscall(SYS_pidfd_open, target, 0);
	if (pidfd < 0)
		die("pidfd_open %d", target);
	/* Both before setns: afterwards /sys/fs/cgroup is the container's view. On v1
	 * this process joins the cgroups and its child inherits them. */
	int placed, cgfd = open_cgroup_dir(&cg);
	if (!cg.v2)
		enter_cgroups(&cg, getpid());
	if (setns(pidfd, NS_FLAGS) < 0)
		die("setns into %d", target);
	pid_t pid = clone3_into(0, cgfd, &placed);
	if (!placed && cg.v2)
		die("clone3 (CLONE_INTO_CGROUP) unavailable");
	if (pid == 0) {
		execve(workload[0], workload, workload_env);
		die("execve %s", workload[0]);
	}
	return wait_workload(pid);
}

int main(int argc, char **argv)
{
	if (argc == 5 && !strcmp(argv[1], "run"))
		return floor_run(argv[2], argv[3], argv[4]);
	if (argc == 4 && !strcmp(argv[1], "exec"))
		return floor_exec((pid_t)atoi(argv[2]), argv[3]);
	fprintf(stderr, "usage: floor run ROOTFS CGPATH HOSTNAME | floor exec PID CGPATH\n");
	return 2;
}
