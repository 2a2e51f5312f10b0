/* spec/seccomp_state.h — the containerProcessState JSON a runtime sends to a
 * seccomp agent's listenerPath along with the SCMP_ACT_NOTIFY fd
 * (config-linux.md "Seccomp"): ociVersion, fds (["seccompFd"]), pid, metadata
 * (linux.seccomp.listenerMetadata) and the container's state. Pure. */
#ifndef PX_SPEC_SECCOMP_STATE_H
#define PX_SPEC_SECCOMP_STATE_H

#include "spec/state.h"

/* Malloc'd compact JSON for the process pid (the init's, or an exec'd one's) of the
 * container st. metadata may be NULL (sent as ""). */
char *spec_seccomp_process_state_json(const struct spec_state *st, pid_t pid, const char *metadata);

#endif
