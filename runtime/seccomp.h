/* runtime/seccomp.h — a parsed linux.seccomp profile as a libseccomp filter.
 *
 * Building and loading are separate: the filter is built while the process may
 * still allocate and fail freely (every profile error is reported then, before
 * any privilege is dropped), and loaded as the very last step before the
 * workload runs, so the profile never has to allow the runtime's own setup.
 * Syscall names unknown to the linked libseccomp are skipped (a profile carries
 * the names of many kernels); everything else it cannot honour is an error
 * naming the field. A syscall numbered above every one the profile names gets
 * ENOSYS rather than the default action (runc's stub; seccomp.c says why): then
 * pidbox loads libseccomp's exported program behind its own prefix with
 * seccomp(2), and the SCMP_ACT_NOTIFY listener is the one that call returns.
 *
 * SCMP_ACT_NOTIFY: right after loading, with nothing but sendmsg, the process
 * that loaded the filter sends its listener fd (rt_seccomp_notify_fd, libseccomp's
 * own, no dup: fcntl may be a notified syscall) to the runtime's parent side,
 * which sends it with the containerProcessState JSON to the seccomp agent at
 * listenerPath (rt_seccomp_relay_listener): for the init and for exec alike. Until the agent has it, a notified
 * syscall blocks: with noNewPrivileges false the filter is loaded before the
 * user change (setgroups, setresuid, capset, chdir...), so the listener must
 * be on its way before those. The one syscall a profile must not notify on is
 * sendmsg (runc has the same rule).
 */
#ifndef PX_RUNTIME_SECCOMP_H
#define PX_RUNTIME_SECCOMP_H

#include "spec/config.h"
#include "util/error.h"

/* *out: an opaque filter (libseccomp's scmp_filter_ctx), freed by rt_seccomp_free. */
int rt_seccomp_build(const struct spec_seccomp *s, void **out, struct px_error *err);
/* Install it on the calling thread. It does not set no_new_privs (that is
 * process.noNewPrivileges's job), so without it the caller needs CAP_SYS_ADMIN. */
int rt_seccomp_load(void *filter, struct px_error *err);
void rt_seccomp_free(void *filter);
/* After loading a filter with SCMP_ACT_NOTIFY: its listener fd, owned by the
 * filter (close-on-exec, closed by rt_seccomp_free), no syscall made. */
int rt_seccomp_notify_fd(void *filter, struct px_error *err);
/* Parent side: receive the listener (RT_MSG_SECCOMP_FD) from the process that
 * loaded the filter over sync_fd, connect to s->listener_path and send it with the
 * containerProcessState of process pid in container st; the same for the init
 * (create) and for an exec'd process, as runc. */
struct spec_state;
int rt_seccomp_relay_listener(int sync_fd, const struct spec_seccomp *s, const struct spec_state *st, pid_t pid,
                              struct px_error *err);

#endif
