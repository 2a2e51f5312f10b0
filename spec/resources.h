/* spec/resources.h — linux.resources of config.json (config-linux.md "Control groups"),
 * runtime-spec 1.3, as plain C values.
 *
 * spec_parse_resources() reads the object (from config.json's linux.resources, or the
 * whole document `pidbox update --resources FILE` passes) and validates every value the
 * kernel would otherwise refuse with a bare EINVAL, naming the JSON path:
 *   "linux.resources.cpu.shares: 1 is below the minimum 2".
 * Which hierarchy can honour which field is decided later, by cgroup/ (apply_v1.c,
 * apply_v2.c), which knows the host.
 *
 * Conventions as runc's (which engines rely on): for int64 limits 0 means "not set" and
 * -1 (any negative for pids) means "unlimited"; an absent field is also "not set". Every
 * field has a has_* flag so that "absent" and "0" stay distinguishable where the spec
 * gives 0 a meaning (cpu.idle, swappiness, realtime).
 * Ownership: spec_resources_free() frees everything; the struct itself belongs to the
 * caller.
 */
#ifndef PX_SPEC_RESOURCES_H
#define PX_SPEC_RESOURCES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <yajl/yajl_tree.h>

#include "util/error.h"

#define SPEC_DEV_WILDCARD (-1) /* major or minor absent: every number */

/* linux.resources.devices[]: one device cgroup rule. */
struct spec_dev_rule {
	bool allow;
	char type;       /* 'a' (all), 'c', 'b' */
	int64_t major;   /* SPEC_DEV_WILDCARD or >= 0 */
	int64_t minor;
	char access[4];  /* non-empty subset of "rwm", in that order */
};

struct spec_res_memory {
	bool has_limit, has_reservation, has_swap, has_kernel, has_kernel_tcp, has_swappiness;
	bool has_disable_oom_killer, has_use_hierarchy, has_check_before_update;
	int64_t limit, reservation, swap, kernel, kernel_tcp;
	uint64_t swappiness;
	bool disable_oom_killer, use_hierarchy, check_before_update;
};

struct spec_res_cpu {
	bool has_shares, has_quota, has_burst, has_period, has_rt_runtime, has_rt_period, has_idle;
	uint64_t shares;
	int64_t quota;
	uint64_t burst, period;
	int64_t rt_runtime;
	uint64_t rt_period;
	int64_t idle;
	char *cpus, *mems; /* NULL when absent */
};

struct spec_res_weight_dev {
	int64_t major, minor;
	bool has_weight, has_leaf_weight;
	uint16_t weight, leaf_weight;
};

struct spec_res_throttle_dev {
	int64_t major, minor;
	uint64_t rate;
};

enum spec_throttle { SPEC_THR_READ_BPS, SPEC_THR_WRITE_BPS, SPEC_THR_READ_IOPS, SPEC_THR_WRITE_IOPS, SPEC_THR_N };

struct spec_res_blkio {
	bool has_weight, has_leaf_weight;
	uint16_t weight, leaf_weight;
	struct spec_res_weight_dev *weight_devices;
	size_t n_weight_devices;
	struct spec_res_throttle_dev *throttle[SPEC_THR_N];
	size_t n_throttle[SPEC_THR_N];
};

struct spec_res_hugepage {
	char *page_size; /* "2MB", "1GB", "64KB" */
	uint64_t limit;
};

struct spec_res_net_prio {
	char *name;
	uint32_t priority;
};

struct spec_res_rdma {
	char *device;
	bool has_handles, has_objects;
	uint32_t hca_handles, hca_objects;
};

struct spec_res_kv {
	char *key, *value;
};

struct spec_resources {
	bool has_devices;
	struct spec_dev_rule *devices;
	size_t n_devices;
	bool has_memory, has_cpu, has_blkio, has_pids, has_network;
	struct spec_res_memory memory;
	struct spec_res_cpu cpu;
	struct spec_res_blkio blkio;
	struct spec_res_hugepage *hugepages;
	size_t n_hugepages;
	bool has_class_id;
	uint32_t class_id;
	struct spec_res_net_prio *net_prios;
	size_t n_net_prios;
	bool has_pids_limit;
	int64_t pids_limit;
	struct spec_res_rdma *rdma;
	size_t n_rdma;
	struct spec_res_kv *unified;
	size_t n_unified;
};

/* Names used in errors and in the README's table, e.g. spec_throttle_names[SPEC_THR_READ_BPS]
 * is "throttleReadBpsDevice". */
extern const char *const spec_throttle_names[SPEC_THR_N];

/* v: the resources object; path: its JSON path for errors ("linux.resources", or "" for
 * update's document). On error the fields already stored are freed by
 * spec_resources_free(). */
int spec_parse_resources(yajl_val v, const char *path, struct spec_resources *r, struct px_error *err);
/* Parse JSON text that is a LinuxResources object (update --resources). */
int spec_parse_resources_json(const char *json, size_t len, struct spec_resources *r,
                              struct px_error *err);
/* Anything set at all? */
bool spec_resources_empty(const struct spec_resources *r);
/* The first field (its path under linux.resources, "memory.limit") that asks a
 * cgroup for a limit, or NULL. Device rules are not counted, nor zero values the
 * cgroup writers skip (runc's rule too): what a rootless container without a
 * cgroup may still be given (runtime/rootless.h). r may be NULL. */
const char *spec_resources_first_limit(const struct spec_resources *r);
void spec_resources_free(struct spec_resources *r);

#endif
