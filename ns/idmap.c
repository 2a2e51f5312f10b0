/* ns/idmap.c — a new user namespace's uid_map and gid_map, written by a
 * privileged or an ordinary caller (runc's and crun's rootless mode).
 *
 * Each map is written one of three ways (user_namespaces(7), "Defining user and
 * group ID mappings"):
 *  1. directly, any mapping, when the runtime has CAP_SETUID (CAP_SETGID) over the
 *     parent namespace: root on the host, or root in the user namespace an engine
 *     made for itself (rootless podman runs the runtime there);
 *  2. directly, when the map is one line of size 1 naming the caller's own
 *     effective id: the kernel lets anyone map himself. For gid_map only after
 *     "deny" is written to /proc/<pid>/setgroups (Linux 3.19, CVE-2014-8989:
 *     otherwise a user could drop a group whose members are denied access);
 *  3. through newuidmap/newgidmap (shadow's set-uid helpers, Debian package uidmap)
 *     for anything else an ordinary user asks, which they check against the
 *     ranges /etc/subuid and /etc/subgid give the user.
 * Which one: 1 is tried first, as the kernel is the one that knows whether we are
 * privileged; EPERM sends a map to 2 when it fits, else to 3. A failed write does
 * not use up the one write a map allows.
 */
#include "ns/nsjoin.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/cleanup.h"
#include "util/fs.h"
#include "util/log.h"

extern char **environ;

static char *format_map(const struct spec_id_mapping *m, size_t n)
{
	size_t cap = n * 40 + 1, used = 0;
	char *buf = px_xmalloc(cap);
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++)
		used += (size_t)snprintf(buf + used, cap - used, "%u %u %u\n", m[i].container_id,
		                         m[i].host_id, m[i].size);
	return buf;
}

/* Read what the helper said on its stderr: its first line, for our one-line error. */
static void read_first_line(int fd, char *buf, size_t size)
{
	size_t used = 0;
	ssize_t n;

	while (used + 1 < size && ((n = read(fd, buf + used, size - 1 - used)) > 0 || (n < 0 && errno == EINTR)))
		if (n > 0)
			used += (size_t)n;
	buf[used] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
}

/* Run newuidmap/newgidmap <pid> <inside> <outside> <count>...: default signal
 * mask and dispositions (a monitoring `run` blocks everything), no fd of ours
 * but stdin/stdout and a pipe for its stderr. */
static int run_helper(const char *helper, pid_t pid, const struct spec_id_mapping *m, size_t n,
                      struct px_error *err)
{
	_cleanup_free_ char **argv = px_xcalloc(3 * n + 3, sizeof *argv);
	_cleanup_free_ char *nums = px_xmalloc((3 * n + 1) * 12);
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t none, all;
	char msg[512];
	int pipefd[2], status, rc;
	size_t k = 0;
	char *p = nums;
	pid_t child;

	argv[k++] = (char *)helper;
	p += sprintf(argv[k++] = p, "%d", (int)pid) + 1;
	for (size_t i = 0; i < n; i++) {
		p += sprintf(argv[k++] = p, "%u", m[i].container_id) + 1;
		p += sprintf(argv[k++] = p, "%u", m[i].host_id) + 1;
		p += sprintf(argv[k++] = p, "%u", m[i].size) + 1;
	}
	if (pipe2(pipefd, O_CLOEXEC) < 0)
		return px_err(err, errno, "pipe for %s", helper);
	sigemptyset(&none);
	sigfillset(&all);
	posix_spawnattr_init(&attr);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setsigdefault(&attr, &all);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, pipefd[1], STDERR_FILENO);
	posix_spawn_file_actions_addclosefrom_np(&fa, 3);
	rc = posix_spawnp(&child, helper, &fa, &attr, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	close(pipefd[1]);
	if (rc != 0) {
		close(pipefd[0]);
		return px_err(err, rc, "mapping more than your own id needs %s (Debian package uidmap)", helper);
	}
	read_first_line(pipefd[0], msg, sizeof msg);
	close(pipefd[0]);
	while (waitpid(child, &status, 0) < 0)
		if (errno != EINTR)
			return px_err(err, errno, "wait for %s", helper);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	return px_err(err, 0, "%s refused (%s; the ranges must be yours in /etc/sub%cid)", helper,
	              *msg ? msg : "no reason given", strstr(helper, "gid") ? 'g' : 'u');
}

/* One map of pid: directly, else (EPERM) as an ordinary user may. */
static int write_map(pid_t pid, bool gid, const struct spec_id_mapping *m, size_t n, struct px_error *err)
{
	_cleanup_free_ char *map = format_map(m, n);
	unsigned own = gid ? (unsigned)getegid() : (unsigned)geteuid();
	char path[64];

	snprintf(path, sizeof path, "/proc/%d/%s", (int)pid, gid ? "gid_map" : "uid_map");
	if (px_write_knob_at(AT_FDCWD, path, map, err) == 0)
		return 0;
	if (err->code != EPERM)
		return -1;
	if (n == 1 && m[0].size == 1 && m[0].host_id == own) {
		if (gid) {
			/* The kernel refuses an unprivileged gid_map while setgroups is allowed. */
			snprintf(path, sizeof path, "/proc/%d/setgroups", (int)pid);
			if (px_write_knob_at(AT_FDCWD, path, "deny", err) < 0)
				return -1;
			snprintf(path, sizeof path, "/proc/%d/gid_map", (int)pid);
		}
		return px_write_knob_at(AT_FDCWD, path, map, err);
	}
	px_debug("%s: EPERM, mapping through %s", path, gid ? "newgidmap" : "newuidmap");
	return run_helper(gid ? "newgidmap" : "newuidmap", pid, m, n, err);
}

int ns_write_id_maps(pid_t pid, const struct spec_config *c, struct px_error *err)
{
	const struct spec_linux *l = &c->linux_;

	/* Each map in one write() (user_namespaces(7)). */
	if (l->n_uid_mappings && write_map(pid, false, l->uid_mappings, l->n_uid_mappings, err) < 0)
		return px_err_prefix(err, "linux.uidMappings");
	if (l->n_gid_mappings && write_map(pid, true, l->gid_mappings, l->n_gid_mappings, err) < 0)
		return px_err_prefix(err, "linux.gidMappings");
	return 0;
}

bool ns_in_user_namespace(void)
{
	_cleanup_free_ char *map = NULL;
	struct px_error ignored;
	unsigned a, b, len;
	size_t n;

	/* The initial namespace maps all 2^32-1 ids onto themselves, in one line. */
	if (px_read_regular_at(AT_FDCWD, "/proc/self/uid_map", 0, 65536, &map, &n, &ignored) < 0)
		return false;
	if (sscanf(map, "%u %u %u", &a, &b, &len) != 3 || a != 0 || b != 0 || len != 4294967295U)
		return true;
	return strchr(map, '\n') && strchr(map, '\n')[1] != '\0';
}
