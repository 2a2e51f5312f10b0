/* ns/procinfo.h — what /proc says about one process, for pid-1 diagnostics.
 *
 * ns_proc_read() reads /proc/<pid>/status (state, parent, NSpid, signal masks,
 * uid) and /proc/<pid>/cmdline; ns_proc_parse_status() is the pure parser behind
 * it (unit-tested). ns_proc_namespaces() gives the inode numbers of a process's
 * namespaces. Pids are as the reader's /proc shows them (the host's, for
 * pidbox); NSpid lists the pid at every level, the reader's first.
 * Errors: ESRCH when the process is gone (also for a pid that vanished between
 * reading its status and its cmdline).
 */
#ifndef PX_NS_PROCINFO_H
#define PX_NS_PROCINFO_H

#include <stdint.h>
#include <sys/types.h>

#include "util/error.h"

#define NS_PROC_MAX_LEVELS 33 /* the kernel nests pid namespaces 32 deep */

struct ns_proc {
	pid_t pid;   /* in the reader's pid namespace */
	pid_t ppid;  /* 0 when the parent is outside the reader's namespace */
	char state;  /* R S D T t Z X I P */
	uid_t uid;   /* real uid */
	int n_nspid; /* levels in nspid, >= 1 */
	pid_t nspid[NS_PROC_MAX_LEVELS];
	/* signal sets: bit (n - 1) is signal n */
	uint64_t sig_blk, sig_ign, sig_cgt, sig_pnd, shd_pnd;
	char name[64];  /* Name: the command name (comm) */
	char *cmdline;  /* arguments joined by spaces; NULL when empty (zombie, kernel thread) */
};

int ns_proc_parse_status(const char *text, struct ns_proc *out, struct px_error *err);
int ns_proc_read(pid_t pid, struct ns_proc *out, struct px_error *err);
void ns_proc_free(struct ns_proc *p);

/* The pid the process has in the namespace `level` levels below the reader's
 * (0: the reader's own); 0 when it has no pid there. */
pid_t ns_proc_pid_at(const struct ns_proc *p, int level);

/* What a signal's disposition is, from the masks. */
enum ns_sig_disp { NS_SIG_DEFAULT, NS_SIG_IGNORED, NS_SIG_HANDLED };
enum ns_sig_disp ns_proc_sig_disp(const struct ns_proc *p, int sig);
int ns_proc_sig_blocked(const struct ns_proc *p, int sig);

/* Append to *pids (malloc'd, *n entries) the children of every thread of pid,
 * from /proc/<pid>/task/<tid>/children. Zombies are listed there, while a cgroup
 * forgets a process as soon as it exits. A vanished pid adds nothing. */
void ns_proc_children(pid_t pid, pid_t **pids, size_t *n);

/* The processes of init's pid namespace when it has one of its own (another
 * than the caller's), else init and its descendants, appended to *pids: a
 * container's processes found without a cgroup (rootless, runtime/rootless.h).
 * A process that exits meanwhile is simply missed. */
int ns_proc_pidns_members(pid_t init, pid_t **pids, size_t *n, struct px_error *err);

struct ns_proc_ns {
	const char *type; /* "pid", "mnt", ... (static strings) */
	uint64_t ino;     /* 0 when unreadable */
};
#define NS_PROC_N_NS 8
/* Fill out[NS_PROC_N_NS] with the namespaces of pid (pid_for_children excluded). */
int ns_proc_namespaces(pid_t pid, struct ns_proc_ns out[NS_PROC_N_NS], struct px_error *err);

#endif
