/* runtime/seccomp.h — a parsed linux.seccomp profile as a libseccomp filter.
 *
 * Building and loading are separate: the filter is built while the process may
 * still allocate and fail freely (every profile error is reported then, before
 * any privilege is dropped), and loaded as the very last step before the
 * workload runs, so the profile never has to allow the runtime's own setup.
 * Syscall names unknown to the linked libseccomp are skipped (a profile carries
 * the names of many kernels); everything else it cannot honour is an error
 * naming the field. SCMP_ACT_NOTIFY is refused (not supported yet).
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

#endif
