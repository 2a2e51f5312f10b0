/* spec/features.h — the runtime-spec "features" document (features.md,
 * features-linux.md) that `pidbox features` prints.
 *
 * Truthful by construction: every list that the config parser decides (hooks,
 * seccomp actions, operators, architectures and flags, AppArmor, SELinux, Intel
 * RDT, RDMA) is found by asking the parser itself: each candidate name of the
 * spec's vocabulary is put in a minimal config.json, and only the names
 * spec_parse_config() accepts are listed. When a colleague's change makes the
 * parser accept seccomp, say, the document follows without an edit here.
 * Capabilities are libcap's names that the parser accepts; namespaces come from
 * the parser's own table (spec/names.h). Mount options are decided by ns/, so
 * the caller passes the accepted ones (runtime/features.c finds them the same way).
 * Pure: no syscalls.
 */
#ifndef PX_SPEC_FEATURES_H
#define PX_SPEC_FEATURES_H

#include <stdbool.h>

struct spec_features_in {
	const char *const *mount_options; /* NULL-terminated, sorted */
	bool idmap_mounts;                /* the "idmap" mount option is implemented */
	const char *const *annotations;   /* key, value, key, value, ..., NULL */
	/* seccomp filter flags the running kernel takes (NULL-terminated; the
	 * caller probes, this module makes no syscalls) */
	const char *const *seccomp_kernel_flags;
};

/* Malloc'd JSON, indented like runc's, ending in "\n". */
char *spec_features_json(const struct spec_features_in *in);

/* Is this fragment, spliced into a minimal config.json, accepted by the parser?
 * fmt has one "%s" where value goes (value must need no JSON escaping). Exposed for tests. */
bool spec_features_accepts(const char *fmt, const char *value);

#endif
