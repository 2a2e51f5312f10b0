/* runtime/pidns_hop.h — the init's way into a pid namespace joined by path.
 *
 * A process enters a pid namespace only by being born in it, to a parent that
 * called setns(CLONE_NEWPID). Whatever is born there is visible to the processes
 * already inside, which may hold CAP_SYS_PTRACE (then "non-dumpable" does not
 * stop them from opening /proc/<pid>/exe): so the process born there must not be
 * running the host's pidbox binary, or they could reopen that file for writing
 * once it is idle and replace the runtime (CVE-2019-5736). And the runtime itself
 * must not join: every process it forks afterwards (hooks, the notify
 * forwarder, the console proxy) would be born inside too.
 *
 * So the runtime clones its child in its own pid namespace, with no new
 * namespaces; the child re-executes from the read-only bind of the binary as
 * always (runtime/init_reexec.h), and only then, in rt_pidns_hop(), joins the
 * pid namespace (with the host credentials setns needs) and clones the real init
 * with CLONE_PARENT (the runtime's child, so it can wait for it) and the
 * config's namespace flags. The child sends the init's pidfd to the runtime
 * (RT_MSG_INIT_PIDFD) and exits; the runtime, in rt_pidns_hop_adopt(), reaps it,
 * takes the init as its container process, writes its id maps and says GO. The
 * init goes on as any init does (rt_child_resume).
 * The hop costs a clone and a message, only for a pid namespace joined by path.
 */
#ifndef PX_RUNTIME_PIDNS_HOP_H
#define PX_RUNTIME_PIDNS_HOP_H

#include <sys/types.h>

#include "runtime/child.h"
#include "spec/config.h"
#include "util/error.h"

/* In the re-executed child: join, clone the init. Returns 0 in the init, once
 * the runtime said GO (and it became root of a new user namespace); the child
 * itself exits. -1 with err in the child when a step fails. */
int rt_pidns_hop(const struct rt_child_args *a, struct px_error *err);

/* In the runtime, after sending GO to the child *pid: receive the init, reap the
 * child, make *pid and *pidfd the init's, write its id maps, send it GO. */
int rt_pidns_hop_adopt(int sync_fd, const struct spec_config *c, pid_t *pid, int *pidfd,
                       struct px_error *err);

#endif
