#include "ns/procinfo.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/cleanup.h"
#include "util/fs.h"

/* "Key:\tvalue\n" → the value of key (up to the newline), or NULL. */
static const char *field(const char *text, const char *key, size_t *len)
{
	size_t klen = strlen(key);
	const char *p = text;

	while (p && *p) {
		if (!strncmp(p, key, klen) && p[klen] == ':') {
			const char *v = p + klen + 1;
			const char *nl;
			v += strspn(v, " \t");
			nl = strchr(v, '\n');
			*len = nl ? (size_t)(nl - v) : strlen(v);
			return v;
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return NULL;
}

static int hex_field(const char *text, const char *key, uint64_t *out, struct px_error *err)
{
	size_t len;
	const char *v = field(text, key, &len);
	char *end;

	if (!v)
		return px_err(err, 0, "status: %s: missing", key);
	errno = 0;
	*out = strtoull(v, &end, 16);
	if (errno || end == v)
		return px_err(err, 0, "status: %s: not a hexadecimal mask", key);
	return 0;
}

static int int_field(const char *text, const char *key, long *out, struct px_error *err)
{
	size_t len;
	const char *v = field(text, key, &len);
	char *end;

	if (!v)
		return px_err(err, 0, "status: %s: missing", key);
	errno = 0;
	*out = strtol(v, &end, 10);
	if (errno || end == v)
		return px_err(err, 0, "status: %s: not a number", key);
	return 0;
}

/* NSpid: one pid per level; kernels before 4.1 lack the line: the Pid alone. */
static int parse_nspid(const char *text, struct ns_proc *out, struct px_error *err)
{
	size_t len;
	const char *v = field(text, "NSpid", &len);
	const char *end;

	out->n_nspid = 0;
	if (!v) {
		out->nspid[out->n_nspid++] = out->pid;
		return 0;
	}
	end = v + len;
	while (v < end && out->n_nspid < NS_PROC_MAX_LEVELS) {
		char *next;
		long n = strtol(v, &next, 10);
		if (next == v)
			break;
		out->nspid[out->n_nspid++] = (pid_t)n;
		v = next;
	}
	if (out->n_nspid == 0)
		return px_err(err, 0, "status: NSpid: no pid");
	return 0;
}

int ns_proc_parse_status(const char *text, struct ns_proc *out, struct px_error *err)
{
	size_t len;
	const char *v;
	long pid, ppid;

	memset(out, 0, sizeof *out);
	v = field(text, "Name", &len);
	if (!v)
		return px_err(err, 0, "status: Name: missing");
	if (len >= sizeof out->name)
		len = sizeof out->name - 1;
	memcpy(out->name, v, len);
	v = field(text, "State", &len);
	if (!v || !len)
		return px_err(err, 0, "status: State: missing");
	out->state = v[0];
	if (int_field(text, "Pid", &pid, err) < 0 || int_field(text, "PPid", &ppid, err) < 0)
		return -1;
	out->pid = (pid_t)pid;
	out->ppid = (pid_t)ppid;
	v = field(text, "Uid", &len);
	out->uid = v ? (uid_t)strtoul(v, NULL, 10) : 0;
	if (parse_nspid(text, out, err) < 0)
		return -1;
	if (hex_field(text, "SigPnd", &out->sig_pnd, err) < 0 || hex_field(text, "ShdPnd", &out->shd_pnd, err) < 0 ||
	    hex_field(text, "SigBlk", &out->sig_blk, err) < 0 || hex_field(text, "SigIgn", &out->sig_ign, err) < 0 ||
	    hex_field(text, "SigCgt", &out->sig_cgt, err) < 0)
		return -1;
	return 0;
}

/* cmdline is NUL-separated; a process that rewrote its argv may leave garbage
 * after the first NUL run, which we show as spaces like ps does. */
static char *join_cmdline(char *buf, size_t len)
{
	while (len && buf[len - 1] == '\0')
		len--;
	if (!len)
		return NULL;
	for (size_t i = 0; i < len; i++)
		if (buf[i] == '\0' || buf[i] == '\n')
			buf[i] = ' ';
	buf[len] = '\0';
	return px_xstrdup(buf);
}

int ns_proc_read(pid_t pid, struct ns_proc *out, struct px_error *err)
{
	char path[64];
	_cleanup_free_ char *status = NULL, *cmd = NULL;
	size_t len = 0;

	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	if (px_read_file(path, &status, NULL, err) < 0) {
		if (err && err->code == ENOENT)
			err->code = ESRCH;
		return -1;
	}
	if (ns_proc_parse_status(status, out, err) < 0)
		return px_err_prefix(err, "/proc/%d", (int)pid);
	snprintf(path, sizeof path, "/proc/%d/cmdline", (int)pid);
	/* a process that exits between the two reads leaves an empty cmdline: fine */
	if (px_read_file(path, &cmd, &len, NULL) == 0)
		out->cmdline = join_cmdline(cmd, len);
	return 0;
}

void ns_proc_free(struct ns_proc *p)
{
	free(p->cmdline);
	p->cmdline = NULL;
}

pid_t ns_proc_pid_at(const struct ns_proc *p, int level)
{
	if (level < 0 || level >= p->n_nspid)
		return 0;
	return p->nspid[level];
}

static int sig_bit(uint64_t mask, int sig)
{
	return sig >= 1 && sig <= 64 && (mask >> (sig - 1)) & 1;
}

enum ns_sig_disp ns_proc_sig_disp(const struct ns_proc *p, int sig)
{
	if (sig_bit(p->sig_cgt, sig))
		return NS_SIG_HANDLED;
	if (sig_bit(p->sig_ign, sig))
		return NS_SIG_IGNORED;
	return NS_SIG_DEFAULT;
}

int ns_proc_sig_blocked(const struct ns_proc *p, int sig)
{
	return sig_bit(p->sig_blk, sig);
}

int ns_proc_namespaces(pid_t pid, struct ns_proc_ns out[NS_PROC_N_NS], struct px_error *err)
{
	static const char *const types[NS_PROC_N_NS] = { "pid", "mnt", "net", "ipc", "uts", "user", "cgroup", "time" };
	int found = 0;

	for (int i = 0; i < NS_PROC_N_NS; i++) {
		char path[64];
		struct stat st;
		snprintf(path, sizeof path, "/proc/%d/ns/%s", (int)pid, types[i]);
		out[i].type = types[i];
		out[i].ino = stat(path, &st) == 0 ? (uint64_t)st.st_ino : 0;
		found += out[i].ino != 0;
	}
	if (!found)
		return px_err_plain(err, ESRCH, "/proc/%d/ns: no namespace readable (process gone?)", (int)pid);
	return 0;
}

void ns_proc_children(pid_t pid, pid_t **pids, size_t *n)
{
	char path[64];
	DIR *d;
	struct dirent *de;

	snprintf(path, sizeof path, "/proc/%d/task", (int)pid);
	d = opendir(path);
	if (!d)
		return;
	while ((de = readdir(d))) {
		_cleanup_free_ char *text = NULL;
		_cleanup_free_ char *file = NULL;
		char *p, *end;
		if (de->d_name[0] == '.')
			continue;
		file = px_asprintf("%s/%s/children", path, de->d_name);
		if (px_read_file(file, &text, NULL, NULL) < 0)
			continue;
		for (p = text;; p = end) {
			long c = strtol(p, &end, 10);
			if (end == p)
				break;
			*pids = px_xrealloc(*pids, (*n + 1) * sizeof **pids);
			(*pids)[(*n)++] = (pid_t)c;
		}
	}
	closedir(d);
}

int ns_proc_pidns_members(pid_t init, pid_t **pids, size_t *n, struct px_error *err)
{
	char path[64];
	struct stat want, own, st;
	DIR *d;
	struct dirent *de;

	snprintf(path, sizeof path, "/proc/%d/ns/pid", (int)init);
	if (stat(path, &want) < 0)
		return errno == ENOENT || errno == ESRCH ? 0 : px_err(err, errno, "stat %s", path);
	if (stat("/proc/self/ns/pid", &own) < 0)
		return px_err(err, errno, "stat /proc/self/ns/pid");
	if (want.st_dev == own.st_dev && want.st_ino == own.st_ino) {
		/* our own pid namespace: the init's tree is all that is the container's */
		*pids = px_xrealloc(*pids, (*n + 1) * sizeof **pids);
		(*pids)[(*n)++] = init;
		for (size_t i = *n - 1; i < *n; i++)
			ns_proc_children((*pids)[i], pids, n);
		return 0;
	}
	d = opendir("/proc");
	if (!d)
		return px_err(err, errno, "open /proc");
	while ((de = readdir(d))) {
		char *end;
		long pid = strtol(de->d_name, &end, 10);
		if (end == de->d_name || *end || pid <= 0)
			continue;
		snprintf(path, sizeof path, "/proc/%ld/ns/pid", pid);
		if (stat(path, &st) < 0 || st.st_dev != want.st_dev || st.st_ino != want.st_ino)
			continue;
		*pids = px_xrealloc(*pids, (*n + 1) * sizeof **pids);
		(*pids)[(*n)++] = (pid_t)pid;
	}
	closedir(d);
	return 0;
}
