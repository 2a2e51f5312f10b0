/* cgroup/convert.h — pure conversions between the runtime-spec's (cgroup v1 shaped)
 * values and the files of cgroup v1/v2. No syscalls: unit-tested in
 * tests/unit/test_cgroup_convert.c. */
#ifndef PX_CGROUP_CONVERT_H
#define PX_CGROUP_CONVERT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

#define CG_VALUE_MAX 64 /* room for any value these functions format */

/* cpu.shares (2..262144, default 1024) → cpu.weight (1..10000, default 100); 0 → 0
 * ("not set"). */
uint64_t cg_shares_to_weight(uint64_t shares);

/* The cpu.max line ("<quota|max> <period>") for quota/period given separately, as
 * runc's update does: quota -1 is "max"; a field not given (has_* false, or 0) keeps
 * its value from current (cpu.max as read; NULL: kernel defaults "max 100000").
 * Returns false when neither is given (nothing to write). */
bool cg_cpu_max(bool has_quota, int64_t quota, bool has_period, uint64_t period, const char *current,
                char out[CG_VALUE_MAX]);

/* A byte/count limit for a v2 file: -1 (any negative) → "max", else the number. */
void cg_limit_v2(int64_t v, char out[CG_VALUE_MAX]);
/* The same for v1 files, which take -1 for "unlimited". */
void cg_limit_v1(int64_t v, char out[CG_VALUE_MAX]);

/* memory.swap.max from the spec's memory+swap (v1 memsw) value and the memory limit,
 * as runc's ConvertMemorySwapToCgroupV2Value: swap -1 → -1 (max); swap 0 → not set
 * (*set false); else swap - limit, which needs a memory limit and swap >= limit. */
int cg_swap_to_v2(int64_t swap, int64_t limit, bool *set, int64_t *out, struct px_error *err);

/* blkio weight (10..1000) → io.weight (1..10000), runc's linear mapping; 0 → 0. */
uint64_t cg_blkio_to_io_weight(uint64_t w);

/* Parse "quota period" of cpu.max into quota (-1 for max) and period. */
/* rdma.max's line for one linux.resources.rdma entry: "<device>[ hca_handle=N][ hca_object=N]"
 * (the same file and syntax on v1 and v2), into buf. */
struct spec_res_rdma;
void cg_rdma_max_line(const struct spec_res_rdma *d, char *buf, size_t size);

int cg_parse_cpu_max(const char *s, int64_t *quota, uint64_t *period);

#endif
