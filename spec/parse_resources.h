/* spec/parse_resources.h — what the two files of the linux.resources parser share
 * (internal to spec/). Each opt_* reads obj's member key when present, sets *has and
 * the value, and names "<parent>.<key>" in its error. */
#ifndef PX_SPEC_PARSE_RESOURCES_H
#define PX_SPEC_PARSE_RESOURCES_H

#include "spec/resources.h"

int spec_res_opt_u64(yajl_val obj, const char *parent, const char *key, bool *has, uint64_t *out,
                     struct px_error *err);
int spec_res_opt_i64(yajl_val obj, const char *parent, const char *key, bool *has, int64_t *out,
                     struct px_error *err);
int spec_res_opt_bool(yajl_val obj, const char *parent, const char *key, bool *has, bool *out,
                      struct px_error *err);
/* "<parent>.<key>: V is below the minimum MIN" / "above the maximum MAX". */
int spec_res_range(const char *parent, const char *key, int64_t v, int64_t min, int64_t max,
                   struct px_error *err);
/* parse_resources_io.c: blockIO, hugepageLimits, network, rdma, unified. */
int spec_parse_resources_io(yajl_val v, const char *path, struct spec_resources *r, struct px_error *err);

#endif
