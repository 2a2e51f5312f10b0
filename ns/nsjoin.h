/* ns/nsjoin.h — namespace helpers: the CLONE_NEW* flags of a config, joining
 * existing namespaces by path, user-id maps, and time namespace offsets. */
#ifndef PX_NS_NSJOIN_H
#define PX_NS_NSJOIN_H

#include <stdbool.h>
#include <sys/types.h>

#include "spec/config.h"
#include "util/error.h"

/* The CLONE_NEW* flags for namespaces the config asks to create (no path). */
unsigned long ns_new_flags(const struct spec_config *c);

/* Join every namespace of the config that has a path (setns), but the pid
 * namespace: the init is born in that one. Done in the child before anything
 * else; user namespace first so later joins are permitted.
 * not_own: CLONE_NEW* types whose joined namespace must not be the one the caller
 * is in already (the runtime's, i.e. the host's): linux.sysctl writes there. */
int ns_join_paths(const struct spec_config *c, unsigned long not_own, struct px_error *err);

/* Write /proc/<pid>/uid_map and gid_map from the config (parent side), as the
 * caller may: directly when privileged or mapping only its own id (then with
 * setgroups "deny" for the gid map), else through newuidmap/newgidmap (idmap.c). */
int ns_write_id_maps(pid_t pid, const struct spec_config *c, struct px_error *err);

/* Is the caller in a user namespace other than the initial one (its uid_map is
 * not the identity of every id)? Read failures say "no". */
bool ns_in_user_namespace(void);

/* Create a time namespace with the config's offsets and move the calling process
 * into it (unshare + write timens_offsets + setns time_for_children). */
int ns_enter_new_time_ns(const struct spec_config *c, struct px_error *err);

/* Name of a CLONE_NEW* flag as the spec spells it ("pid", "network", ...). */
const char *ns_type_name(unsigned long clone_flag);

#endif
