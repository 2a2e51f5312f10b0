/* runtime/protocol.h — the typed parent/child protocol over a SOCK_SEQPACKET pair.
 *
 * One datagram per message, so a message is never split or merged. Each receive
 * names the message it expects (rt_msg_expect); an error message from the other
 * side becomes the caller's error (errno and text travel unchanged); anything
 * else, or the peer closing the socket, is a descriptive error. This keeps the
 * create protocol readable as a sequence instead of being implied by call order:
 *   parent → child  RT_MSG_GO     (id maps written: the child may start its setup)
 *   child  → parent RT_MSG_MAPS   (only with a pid namespace joined by path and a new
 *                                  user namespace: the re-executed child made it; the
 *   parent → child  RT_MSG_GO      parent writes its id maps: runtime/pidns_hop.h)
 *   parent → child  RT_MSG_PLACED (the child is in its cgroup; sent after GO so the
 *                                  slow v1 migration overlaps the child's re-exec)
 *   child  → parent RT_MSG_MOUNT_SOURCE (only for binds in a user namespace and idmapped
 *   helper → child  RT_MSG_MOUNT_SOURCE  mounts: runtime/mount_sources.h)
 *   child  → parent RT_MSG_HOOKS  (only when the config has prestart, createRuntime
 *                                  or createContainer hooks: mounts done, before
 *                                  pivot_root; the parent runs them and answers
 *   parent → child  RT_MSG_HOOKS_DONE               RT_MSG_HOOKS_DONE)
 *   child  → parent RT_MSG_INIT_PIDFD (only with a pid namespace joined by path: the
 *                                  child, set up up to its credentials, cloned the init into
 *                                  the namespace and exits; the init goes on and the
 *                                  parent adopts it: runtime/pidns_hop.h)
 *   child  → parent RT_MSG_SECCOMP_FD (only with SCMP_ACT_NOTIFY in linux.seccomp:
 *                                  the listener fd, for the parent to hand to
 *                                  linux.seccomp.listenerPath)
 *   child  → parent RT_MSG_READY  (fully set up, waiting on the exec fifo)
 *                or RT_MSG_ERROR  (errno + message, printed once by the parent)
 * A peer that closes its end (it exited) gives err->code ECONNRESET.
 */
#ifndef PX_RUNTIME_PROTOCOL_H
#define PX_RUNTIME_PROTOCOL_H

#include <stdint.h>

#include "util/error.h"

enum rt_msg_type {
	RT_MSG_GO = 1,
	RT_MSG_PLACED,
	RT_MSG_READY,
	RT_MSG_ERROR,
	RT_MSG_HOOKS,      /* child → parent: mounts done, before pivot_root: run the create hooks */
	RT_MSG_HOOKS_DONE, /* parent → child: they ran, go on */
	RT_MSG_SECCOMP_FD, /* child → parent, with an fd: the SCMP_ACT_NOTIFY listener */
	RT_MSG_INIT_PIDFD, /* hop → parent, with an fd: the pidfd of the init it cloned into a joined
	                      pid namespace (runtime/pidns_hop.h) */
	RT_MSG_EXEC_PIDFD, /* exec's hop → parent, with an fd: the pidfd of the process it cloned */
	RT_MSG_MAPS,       /* hop → parent: it made its user namespace, write the id maps */
	RT_MSG_PROCFS,     /* procfs helper → hop, with an fd: a detached procfs (runtime/pidns_procfs.h) */
	RT_MSG_MOUNT_SOURCE, /* child → parent: the next bind source, please; helper → child, with an
	                        fd: that source as a detached mount (runtime/mount_sources.h) */
};

int rt_msg_send(int fd, enum rt_msg_type type, struct px_error *err);
/* Send `what` (the child's failure) as RT_MSG_ERROR. Best effort: returns -1 only if
 * the socket is gone. */
int rt_msg_send_error(int fd, const struct px_error *what);
int rt_msg_expect(int fd, enum rt_msg_type type, struct px_error *err);
/* The same with a file descriptor passed along (SCM_RIGHTS); *passed_fd is -1
 * on error. */
int rt_msg_send_fd(int fd, enum rt_msg_type type, int passfd, struct px_error *err);
int rt_msg_expect_fd(int fd, enum rt_msg_type type, int *passed_fd, struct px_error *err);

#endif
