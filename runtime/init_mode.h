/* runtime/init_mode.h — who is pid 1: the workload, or pidbox's init (ns/init.h).
 * --init / --init-group on create and run, else the run.oci.pidbox.init
 * annotation (spec/annotations.h) for engines, else the workload (OCI). */
#ifndef PX_RUNTIME_INIT_MODE_H
#define PX_RUNTIME_INIT_MODE_H

#include "runtime/runtime.h"
#include "spec/config.h"

/* *mode gets an enum ns_init_mode; a bad annotation value is an error naming it. */
int rt_init_mode(const struct rt_create_opts *o, const struct spec_config *c, int *mode, struct px_error *err);

#endif
