/* runtime/process_setup.h — the container process's own attributes, applied in the
 * child in the order shared/DESIGN.md gives: rlimits → user, groups, capabilities
 * → no_new_privileges → (ready) → exec. Each function refuses clearly what the
 * kernel refuses, naming the config field. */
#ifndef PX_RUNTIME_PROCESS_SETUP_H
#define PX_RUNTIME_PROCESS_SETUP_H

#include "spec/config.h"
#include "util/error.h"

int rt_apply_rlimits(const struct spec_process *p, struct px_error *err);
/* setgroups, setresgid, setresuid and the five capability sets (libcap), keeping
 * capabilities across the uid change so the configured sets are exact. */
int rt_apply_user_and_caps(const struct spec_process *p, struct px_error *err);
int rt_apply_no_new_privs(const struct spec_process *p, struct px_error *err);
/* Resolve args[0] against the container's PATH (from process.env) as execvp would,
 * so a missing binary fails `create`, not silently after `start`. */
int rt_lookup_executable(const struct spec_process *p, char **path, struct px_error *err);

#endif
