/* spec/config.h — an OCI runtime-spec (1.0–1.3) config.json as plain C structs.
 *
 * spec_parse_config() turns JSON text into a struct spec_config, validating as it
 * goes. Every field pidbox knows is either stored here or refused with an error
 * naming its JSON path ("process.capabilities: not supported yet"); unknown
 * properties are ignored as config.md's Extensibility rule requires. Nothing here
 * makes a syscall: names (signals, capabilities, rlimits, namespace types) are
 * resolved to numbers at parse time so later rooms never see a string they must
 * re-validate.
 *
 * Ownership: spec_config_free() frees everything reachable from the struct. All
 * string arrays are NULL-terminated and also counted (n_*). Absent optional
 * fields are NULL / 0 with a has_* flag where 0 is a legal value.
 */
#ifndef PX_SPEC_CONFIG_H
#define PX_SPEC_CONFIG_H

#include <sched.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "util/error.h"

#define SPEC_OCI_VERSION "1.3.0"

/* Linux 4.15 raised the uid_map limit from 5 lines to 340. */
#define SPEC_MAX_ID_MAPPINGS 340

struct spec_id_mapping {
	uint32_t container_id;
	uint32_t host_id;
	uint32_t size;
};

struct spec_mount {
	char *destination; /* required, absolute inside the container */
	char *source;      /* optional; relative sources are relative to the bundle */
	char *type;        /* optional ("bind" etc.) */
	char **options;    /* raw option strings as given, NULL-terminated */
	size_t n_options;
	/* idmapped mount (runtime-spec 1.2): source ids (containerID side) shown as
	 * host ids (hostID side), the format of linux.uidMappings; both or neither */
	struct spec_id_mapping *uid_mappings, *gid_mappings;
	size_t n_uid_mappings, n_gid_mappings;
};

/* linux.namespaces[] entry. type is a CLONE_NEW* flag. */
struct spec_namespace {
	unsigned long type;
	char *path; /* NULL: create a new one; else setns() into this file */
};

/* linux.devices[] entry. */
struct spec_device {
	char *path;    /* absolute in the container */
	char type;     /* 'c', 'u' (== 'c'), 'b', 'p' */
	int64_t major; /* required for c/u/b */
	int64_t minor;
	uint32_t file_mode;
	bool has_file_mode;
	uint32_t uid, gid;
	bool has_uid, has_gid;
};

struct spec_rlimit {
	int resource; /* RLIMIT_* */
	uint64_t soft;
	uint64_t hard;
};

/* Capability sets as bit masks over CAP_* numbers (bit n == capability n). */
struct spec_capabilities {
	uint64_t bounding, effective, inheritable, permitted, ambient;
};

/* ---- process extras: scheduler, I/O priority, LSM labels (issue 3) ---- */

/* process.scheduler (sched_setattr(2)). policy is a SCHED_* number; flags is the
 * OR of SCHED_FLAG_* bits. */
struct spec_scheduler {
	bool present;
	int policy;
	int32_t nice;
	int32_t priority;
	uint64_t flags;
	uint64_t runtime, deadline, period; /* nanoseconds, SCHED_DEADLINE */
};
/* "SCHED_FIFO" for SCHED_FIFO, for messages. */
const char *spec_sched_policy_name(int policy);

/* process.ioPriority (ioprio_set(2)): class is IOPRIO_CLASS_RT/BE/IDLE (1..3). */
struct spec_io_priority {
	bool present;
	int klass;
	int32_t priority; /* 0..7 */
};

/* ---- end process extras ---- */

struct spec_process {
	bool terminal;
	uint32_t uid, gid;
	uint32_t *additional_gids;
	size_t n_additional_gids;
	char **args; /* required, at least one */
	size_t n_args;
	char **env; /* "NAME=VALUE" */
	size_t n_env;
	char *cwd; /* required, absolute */
	bool has_capabilities;
	struct spec_capabilities capabilities;
	struct spec_rlimit *rlimits;
	size_t n_rlimits;
	bool no_new_privileges;
	/* issue 3: process extras */
	bool has_umask;
	uint32_t umask;
	bool has_oom_score_adj;
	int oom_score_adj;
	struct spec_scheduler scheduler;
	struct spec_io_priority io_priority;
	char *apparmor_profile; /* NULL when absent or "" */
	char *selinux_label;
	uint32_t console_height, console_width; /* 0: not given */
	/* execCPUAffinity (exec only, config.md): the CPUs of the exec'd process
	 * before and after it enters the container's cgroup */
	bool has_exec_cpus_initial, has_exec_cpus_final;
	cpu_set_t exec_cpus_initial, exec_cpus_final;
};

/* linux.timeOffsets: only "boottime" and "monotonic" exist. */
struct spec_time_offset {
	bool present;
	int64_t secs;
	uint32_t nanosecs;
};

/* ---- linux extras: sysctl, personality, seccomp (issue 3) ---- */

struct spec_sysctl {
	char *key;   /* as written: "net.ipv4.ip_forward" or "net/ipv4/conf/eth0.1/forwarding" */
	char *value;
};

/* linux.personality: domain is PER_LINUX or PER_LINUX32. */
struct spec_personality {
	bool present;
	unsigned long domain;
};

/* linux.memoryPolicy (runtime-spec 1.3): set_mempolicy(2) for every process of
 * the container. mode and flags are the kernel's numbers (MPOL_*, MPOL_F_*). */
#define SPEC_MPOL_MAX_NODES 1024 /* the kernel's MAX_NUMNODES with Debian's NODES_SHIFT 10 */
struct spec_memory_policy {
	bool present;
	int mode;
	unsigned int flags;
	unsigned long nodes[SPEC_MPOL_MAX_NODES / (8 * sizeof(unsigned long))];
	bool has_nodes; /* a non-empty nodes list */
};

/* "MPOL_BIND" for MPOL_BIND's number (spec/parse_linux_13.c). */
const char *spec_mpol_mode_name(int mode);
/* "MPOL_BIND nodes 0-1 MPOL_F_STATIC_NODES": the policy as config.json named it. */
void spec_mpol_describe(const struct spec_memory_policy *mp, char *buf, size_t size);
/* "0-3,7" from a bitmap of nbits (a multiple of the word size), "" when empty. */
void spec_bits_to_list(const unsigned long *bits, size_t nbits, char *buf, size_t size);

/* One entry of linux.netDevices: the host interface host_name moved into the
 * container's network namespace as name ("%d" in it: the kernel picks a number). */
struct spec_net_device {
	char *host_name;
	char *name; /* the host name when the config gives none */
};

/* One comparison of linux.seccomp.syscalls[].args[]; op is an enum scmp_compare. */
struct spec_seccomp_arg {
	unsigned int index;
	uint64_t value, value_two;
	int op;
};

struct spec_seccomp_rule {
	char **names; /* NULL-terminated */
	size_t n_names;
	uint32_t action; /* an SCMP_ACT_* value, errno folded in for SCMP_ACT_ERRNO/TRACE */
	struct spec_seccomp_arg *args;
	size_t n_args;
};

/* linux.seccomp, resolved to libseccomp's numbers at parse time (spec/parse_seccomp.c). */
struct spec_seccomp {
	uint32_t default_action;
	uint32_t *architectures; /* SCMP_ARCH_* tokens */
	size_t n_architectures;
	unsigned int flags;      /* SPEC_SECCOMP_FLAG_* */
	char *listener_path;     /* for SCMP_ACT_NOTIFY */
	char *listener_metadata;
	struct spec_seccomp_rule *rules;
	size_t n_rules;
	bool uses_notify;        /* some action is SCMP_ACT_NOTIFY */
};
#define SPEC_SECCOMP_FLAG_TSYNC (1u << 0)
#define SPEC_SECCOMP_FLAG_LOG (1u << 1)
#define SPEC_SECCOMP_FLAG_SPEC_ALLOW (1u << 2)
#define SPEC_SECCOMP_FLAG_WAIT_KILLABLE_RECV (1u << 3)
void spec_seccomp_free(struct spec_seccomp *s);

/* ---- end linux extras ---- */
struct spec_resources; /* spec/resources.h */

struct spec_linux {
	struct spec_namespace *namespaces;
	size_t n_namespaces;
	struct spec_id_mapping *uid_mappings, *gid_mappings;
	size_t n_uid_mappings, n_gid_mappings;
	struct spec_device *devices;
	size_t n_devices;
	char *cgroups_path;       /* NULL when absent */
	unsigned long rootfs_propagation; /* MS_SHARED/MS_SLAVE/MS_PRIVATE/MS_UNBINDABLE, 0 = default;
	                                     "rshared" etc. give the same flag as "shared" */
	char **masked_paths;
	size_t n_masked_paths;
	char **readonly_paths;
	size_t n_readonly_paths;
	struct spec_time_offset time_boottime, time_monotonic;
	/* issue 3: linux extras */
	struct spec_sysctl *sysctl;
	size_t n_sysctl;
	struct spec_personality personality;
	struct spec_seccomp *seccomp; /* NULL when absent */
	char *mount_label;
	struct spec_resources *resources; /* linux.resources; NULL when absent */
	struct spec_memory_policy memory_policy;
	struct spec_net_device *net_devices;
	size_t n_net_devices;
};

struct spec_annotation {
	char *key;
	char *value;
};

/* ---- hooks (issue 3) ---- */

enum spec_hook_phase {
	SPEC_HOOK_PRESTART,
	SPEC_HOOK_CREATE_RUNTIME,
	SPEC_HOOK_CREATE_CONTAINER,
	SPEC_HOOK_START_CONTAINER,
	SPEC_HOOK_POSTSTART,
	SPEC_HOOK_POSTSTOP,
	SPEC_HOOK_PHASES
};

struct spec_hook {
	char *path;  /* absolute */
	char **args; /* NULL-terminated; NULL when absent (argv is then just path) */
	size_t n_args;
	char **env;
	size_t n_env;
	int timeout; /* seconds, 0: none */
};

struct spec_hooks {
	struct spec_hook *list[SPEC_HOOK_PHASES];
	size_t n[SPEC_HOOK_PHASES];
};

/* "prestart", "createRuntime", ... */
const char *spec_hook_phase_name(enum spec_hook_phase phase);
/* Any hook in any phase. */
bool spec_has_hooks(const struct spec_hooks *hooks);

/* ---- end hooks ---- */

struct spec_config {
	char *oci_version;
	char *root_path; /* root.path as written (may be relative to the bundle) */
	bool root_readonly;
	char *hostname; /* NULL when absent */
	char *domainname;
	bool has_process; /* process is optional in the spec, required for create */
	struct spec_process process;
	struct spec_mount *mounts;
	size_t n_mounts;
	struct spec_linux linux_; /* "linux" is a predefined macro in GNU C */
	struct spec_annotation *annotations;
	size_t n_annotations;
	struct spec_hooks hooks; /* issue 3 */
};

/* Parse and validate JSON text. On error *out is NULL, err->msg names the JSON path
 * ("process.args: must be a non-empty array of strings"); the caller adds the file
 * name ("config.json: "). */
int spec_parse_config(const char *json, size_t len, struct spec_config **out, struct px_error *err);

/* Read <bundle>/config.json and parse it; errors are prefixed "config.json: ". */
int spec_load_config(const char *bundle_dir, struct spec_config **out, struct px_error *err);

void spec_config_free(struct spec_config *c);

/* Helpers for other rooms (pure). */
bool spec_has_namespace(const struct spec_config *c, unsigned long clone_flag);
const struct spec_namespace *spec_find_namespace(const struct spec_config *c, unsigned long clone_flag);
const char *spec_annotation(const struct spec_config *c, const char *key);
/* The CLONE_NEW* types linux.sysctl writes into (net, ipc, uts), ORed. */
unsigned long spec_sysctl_namespaces(const struct spec_config *c);

/* The default config.json `pidbox spec` writes (busybox-friendly, like runc's).
 * rootless selects the rootless variant (user namespace mapped to the caller);
 * cgroup_ns adds a cgroup namespace (runc: only on a pure cgroup v2 host).
 * Returns a malloc'd NUL-terminated JSON string, tab-indented, ending in "\n". */
char *spec_default_config_json(bool rootless, bool cgroup_ns);

#endif
