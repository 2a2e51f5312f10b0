/* cgroup/convert.c — see convert.h. Pure. */
#include "cgroup/convert.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spec/resources.h"

/* The formula current runc and crun use (opencontainers/cgroups utils.go
 * ConvertCPUSharesToCgroupV2Value since runc 1.3.2/1.4, crun 1.23
 * src/libcrun/cgroup-utils.c; the fix for the old linear map, which sent the
 * default 1024 shares to weight 39 instead of the default 100):
 *   l = log2(shares); weight = ceil(10^((l^2 + 125 l) / 612 - 7/34))
 * A quadratic in log space through the three anchors that matter: 2 → 1 (both
 * minimums), 1024 → 100 (both defaults), 262144 → 10000 (both maximums). */
uint64_t cg_shares_to_weight(uint64_t shares)
{
	double l, exponent;

	if (shares == 0)
		return 0;
	if (shares <= 2)
		return 1;
	if (shares >= 262144)
		return 10000;
	l = log2((double)shares);
	exponent = (l * l + 125 * l) / 612.0 - 7.0 / 34.0;
	return (uint64_t)ceil(pow(10, exponent));
}

int cg_parse_cpu_max(const char *s, int64_t *quota, uint64_t *period)
{
	char *end;

	if (!strncmp(s, "max", 3)) {
		*quota = -1;
		end = (char *)s + 3;
	} else {
		*quota = strtoll(s, &end, 10);
		if (end == s)
			return -1;
	}
	if (*end != ' ')
		return -1;
	*period = strtoull(end + 1, &end, 10);
	return *period ? 0 : -1;
}

bool cg_cpu_max(bool has_quota, int64_t quota, bool has_period, uint64_t period, const char *current,
                char out[CG_VALUE_MAX])
{
	int64_t q = -1;
	uint64_t p = 100000; /* the kernel's default period */

	has_quota = has_quota && quota != 0;
	has_period = has_period && period != 0;
	if (!has_quota && !has_period)
		return false;
	if (current)
		cg_parse_cpu_max(current, &q, &p);
	if (has_quota)
		q = quota < 0 ? -1 : quota;
	if (has_period)
		p = period;
	if (q < 0)
		snprintf(out, CG_VALUE_MAX, "max %" PRIu64, p);
	else
		snprintf(out, CG_VALUE_MAX, "%" PRId64 " %" PRIu64, q, p);
	return true;
}

void cg_limit_v2(int64_t v, char out[CG_VALUE_MAX])
{
	if (v < 0)
		snprintf(out, CG_VALUE_MAX, "max");
	else
		snprintf(out, CG_VALUE_MAX, "%" PRId64, v);
}

void cg_limit_v1(int64_t v, char out[CG_VALUE_MAX])
{
	snprintf(out, CG_VALUE_MAX, "%" PRId64, v < 0 ? (int64_t)-1 : v);
}

int cg_swap_to_v2(int64_t swap, int64_t limit, bool *set, int64_t *out, struct px_error *err)
{
	*set = false;
	if (swap == 0)
		return 0;
	*set = true;
	if (swap < 0) {
		*out = -1;
		return 0;
	}
	if (limit <= 0)
		return px_err(err, 0, "memory.swap: a swap limit needs a memory limit (memory.limit)");
	if (swap < limit)
		return px_err(err, 0, "memory.swap: %" PRId64 " is below memory.limit %" PRId64
		                      " (swap is the memory+swap limit)", swap, limit);
	*out = swap - limit;
	return 0;
}

/* runc's ConvertBlkIOToIOWeightValue: [10, 1000] onto [1, 10000] linearly. */
uint64_t cg_blkio_to_io_weight(uint64_t w)
{
	if (w == 0)
		return 0;
	return 1 + (w - 10) * 9999 / 990;
}

void cg_rdma_max_line(const struct spec_res_rdma *d, char *buf, size_t size)
{
	int n = snprintf(buf, size, "%s", d->device);

	if (d->has_handles && n >= 0 && (size_t)n < size)
		n += snprintf(buf + n, size - (size_t)n, " hca_handle=%u", d->hca_handles);
	if (d->has_objects && n >= 0 && (size_t)n < size)
		snprintf(buf + n, size - (size_t)n, " hca_object=%u", d->hca_objects);
}
