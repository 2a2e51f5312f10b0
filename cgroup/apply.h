/* cgroup/apply.h — what the files applying linux.resources share (internal to cgroup/).
 *
 * apply.c     cg_apply()/cg_update(): dispatch by mode, the checks common to both
 * apply_v1.c  v1/hybrid: one file per field in the hierarchy of its controller
 * apply_v2.c  unified: the cgroup2 files, conversions from convert.c
 * rt_budget.c v1 realtime: give the parent chain the budget the container needs
 * devices_v1.c / devices_bpf.c  device rules: devices.allow/deny, or an eBPF program
 * knob.c      read/write one file with the field's name in every error
 */
#ifndef PX_CGROUP_APPLY_H
#define PX_CGROUP_APPLY_H

#include <stdbool.h>
#include <stdint.h>

#include "cgroup/internal.h"
#include "spec/resources.h"

/* Error prefix for a field: "linux.resources.cpu.shares". */
#define CG_FIELD(x) "linux.resources." x

int cg_knob_write(const char *dir, const char *file, const char *value, const char *field,
                  struct px_error *err);
/* Whole file, trailing newline and blanks cut. */
int cg_knob_read(const char *dir, const char *file, char **out, struct px_error *err);
bool cg_knob_exists(const char *dir, const char *file);
/* A number, or "max" as UINT64_MAX. */
int cg_knob_read_u64(const char *dir, const char *file, uint64_t *out, struct px_error *err);

/* The v1 directory of the hierarchy carrying ctrl, or NULL when it is not mounted. */
const struct cg_dir *cg_v1_dir(const struct cg_handle *h, const char *ctrl);
/* The cgroup2 directory (unified mode). */
const struct cg_dir *cg_v2_dir(const struct cg_handle *h);

/* Device rules as the container gets them at create: deny-all, the spec's rules,
 * then the devices every container needs, as runc does. r may be NULL. */
struct cg_dev_rules {
	struct spec_dev_rule *rules;
	size_t n;
	size_t spec_start, n_spec; /* rules[spec_start..+n_spec) are linux.resources.devices[] */
};
void cg_dev_rules_build(const struct spec_resources *r, struct cg_dev_rules *out);

int cg_apply_v1(struct cg_handle *h, const struct spec_resources *r, const struct cg_dev_rules *dev,
                bool update, struct px_error *err);
int cg_apply_v2(struct cg_handle *h, const struct spec_resources *r, const struct cg_dev_rules *dev,
                bool update, struct px_error *err);
int cg_rt_budget(const struct cg_dir *d, int64_t runtime, uint64_t period, struct px_error *err);
int cg_devices_v1(const struct cg_dir *d, const struct cg_dev_rules *dev, struct px_error *err);
int cg_devices_bpf(int dirfd, const struct cg_dev_rules *dev, struct px_error *err);

#endif
