/* runtime/sysctl.h — write linux.sysctl values.
 *
 * The kernel resolves net.*, ipc and uts sysctls against the namespaces of the
 * process that writes, not against the procfs mount it writes through. The
 * container's init therefore writes them through the host's /proc it kept
 * (proc_fd), once it is in its namespaces: that needs no /proc in the container
 * and is not stopped by /proc/sys being read-only there. spec/ already refused
 * any key that is not namespaced or whose namespace the container lacks.
 */
#ifndef PX_RUNTIME_SYSCTL_H
#define PX_RUNTIME_SYSCTL_H

#include "spec/config.h"
#include "util/error.h"

int rt_apply_sysctl(const struct spec_linux *l, int proc_fd, struct px_error *err);

#endif
