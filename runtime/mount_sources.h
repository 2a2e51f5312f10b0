/* runtime/mount_sources.h — bind sources opened by the runtime for the container's
 * setup (ns/mount_source.c says why and how they are opened).
 *
 * Protocol, only when ns_config_mounts_from_host(config, root) (both sides know it:
 * the child is told root, rt_child_args.runtime_root):
 *   child  → parent RT_MSG_MOUNT_SOURCE   (one per such mount, in the config's order,
 *   helper → child  RT_MSG_MOUNT_SOURCE    when the child reaches it; the answer
 *                                          carries the detached mount)
 * The parent waits for the first request after PLACED (the child is then in its
 * own mount namespace), forks a helper that joins that namespace and answers every
 * request, and waits for it. A helper that fails tells the child (which must not
 * wait forever) and the parent the reason.
 */
#ifndef PX_RUNTIME_MOUNT_SOURCES_H
#define PX_RUNTIME_MOUNT_SOURCES_H

#include <stdbool.h>
#include <sys/types.h>

#include "spec/config.h"
#include "util/error.h"

struct rt_mount_sources {
	const struct spec_config *config;
	const char *rootfs, *bundle; /* absolute host paths */
	int sync_fd;                 /* the parent's end of the sync socket */
	int proc_fd;                 /* the host's /proc (O_PATH) */
	pid_t pid;                   /* the child doing the setup, and its pidfd */
	int pidfd;
	bool root;                   /* we run as the host's root (ns_mount_from_host) */
};

/* Parent: serve every request; returns when all were answered. */
int rt_mount_sources_serve(const struct rt_mount_sources *s, struct px_error *err);

/* Child: ask for the next source (arg: the sync socket fd, as an int *). Returns
 * the detached mount's fd, or -1 with err. Matches ns_mount_source_fn. */
int rt_mount_source_request(void *arg, struct px_error *err);

#endif
