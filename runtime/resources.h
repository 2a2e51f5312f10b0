/* runtime/resources.h — linux.resources applied at create (runtime/resources.c). */
#ifndef PX_RUNTIME_RESOURCES_H
#define PX_RUNTIME_RESOURCES_H

#include "cgroup/cgroup.h"
#include "spec/config.h"

/* Errors read "config.json: linux.resources.<field>: <reason>". */
int rt_apply_resources(struct cg_handle *cg, const struct spec_config *c, struct px_error *err);

#endif
