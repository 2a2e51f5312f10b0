/* runtime/shared_mntns.h — a container without a mount namespace of its own.
 *
 * config-linux.md: a namespace type absent from linux.namespaces is inherited from
 * the runtime. Without "mount" the container lives in the runtime's (the host's)
 * mount namespace, and its root is a chroot(2) into the rootfs, as runc does it.
 * Unlike runc, pidbox changes nothing of that mount table: runc makes the host's
 * "/" rslave, binds the rootfs onto itself and mounts every mounts[] entry there,
 * all left behind on the host. So everything that needs a mount is refused with
 * the field's name (rt_check_shared_mntns); what remains are file operations in
 * the rootfs, resolved inside it (default devices and linux.devices by mknod), and
 * the chroot (ns_setup_rootfs_with). The init's binary protection needs a private
 * mount namespace for a moment (runtime/init_reexec.c): the init makes one for
 * the re-exec and returns to the runtime's right after (rt_return_to_runtime_mntns);
 * the read-only mount its binary runs from lives on, detached, as long as the
 * binary is mapped.
 */
#ifndef PX_RUNTIME_SHARED_MNTNS_H
#define PX_RUNTIME_SHARED_MNTNS_H

#include "spec/config.h"
#include "util/error.h"

/* For a config without a mount namespace: refuse what would need a mount (or a
 * way back to the runtime's mount namespace that a user namespace closes).
 * 0 for any config with a mount namespace. Errors name the field. */
int rt_check_shared_mntns(const struct spec_config *c, struct px_error *err);

/* In the re-executed init: join the mount namespace fd names (the runtime's,
 * opened before the private one was made) and close it; -1 with err. */
int rt_return_to_runtime_mntns(int *fd, struct px_error *err);

#endif
