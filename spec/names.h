/* spec/names.h — the name tables of the runtime-spec: capabilities, rlimits,
 * namespace types and rootfs propagation. Pure lookups; the features command and
 * error messages use the reverse direction. */
#ifndef PX_SPEC_NAMES_H
#define PX_SPEC_NAMES_H

#include <stdbool.h>
#include <stddef.h>

#include <sched.h>

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080 /* Linux 5.6; older libc headers lack it */
#endif

/* "CAP_SYS_ADMIN" → 21. Only the spelling the spec uses (upper case, CAP_ prefix)
 * is accepted, and only capabilities that fit our 64-bit masks. -1 if unknown. */
int spec_capability_from_name(const char *name);

/* "RLIMIT_NOFILE" → RLIMIT_NOFILE, -1 if unknown; and back (NULL if unknown). */
int spec_rlimit_from_name(const char *name);
const char *spec_rlimit_name(int resource);

/* "pid" → CLONE_NEWPID, 0 if unknown; and back (NULL if unknown). */
unsigned long spec_namespace_from_name(const char *name);
const char *spec_namespace_name(unsigned long clone_flag);
/* The namespace types in the spec's order, for features: fills up to max. */
size_t spec_namespace_all(unsigned long *flags, size_t max);

/* rootfsPropagation value → MS_* flag. "" gives 0 (the runtime's default).
 * Returns false for an unknown value. */
bool spec_propagation_from_name(const char *name, unsigned long *flag);

#endif
