/* runtime/lsm.h — process.apparmorProfile, process.selinuxLabel and
 * linux.mountLabel.
 *
 * A label is set for the next execve: "exec <profile>" written to AppArmor's
 * /proc/thread-self/attr/apparmor/exec (attr/exec before Linux 5.8), or the
 * SELinux context written to /proc/thread-self/attr/exec. The workload then runs
 * confined from its first instruction. A host without the LSM gets a clear
 * error naming the field: a container must not silently run unconfined.
 */
#ifndef PX_RUNTIME_LSM_H
#define PX_RUNTIME_LSM_H

#include "spec/config.h"
#include "util/error.h"

/* Is the LSM enabled on this host? (AppArmor: /sys/module/apparmor/parameters/
 * enabled is "Y"; SELinux: selinuxfs is mounted.) */
bool rt_apparmor_enabled(void);
bool rt_selinux_enabled(void);

/* Refuse what this host cannot honour (parent side, before anything is made). */
int rt_lsm_check(const struct spec_process *p, const char *mount_label, struct px_error *err);

/* Set the labels of p for the next execve of the calling thread. proc_fd: a
 * procfs where "thread-self" is the caller. */
int rt_apply_lsm_exec(const struct spec_process *p, int proc_fd, struct px_error *err);

#endif
