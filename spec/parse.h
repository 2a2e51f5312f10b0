/* spec/parse.h — the section parsers behind spec_parse_config() (internal to
 * spec/). Each fills its part of the struct and, on error, returns -1 with err
 * naming the JSON path; whatever it already stored is freed by
 * spec_config_free() on the whole struct, so a parser never frees on failure. */
#ifndef PX_SPEC_PARSE_H
#define PX_SPEC_PARSE_H

#include <yajl/yajl_tree.h>

#include "spec/config.h"

/* v: the "process" object. */
int spec_parse_process(yajl_val v, struct spec_process *p, struct px_error *err);
/* v: the "process" object again, for the fields of parse_process_extras.c
 * (umask, oomScoreAdj, scheduler, ioPriority, consoleSize, LSM labels). */
int spec_parse_process_extras(yajl_val v, struct spec_process *p, struct px_error *err);
/* v: the "process" object; reads its execCPUAffinity (spec/parse_cpu_affinity.c). */
int spec_parse_exec_cpu_affinity(yajl_val v, struct spec_process *p, struct px_error *err);
/* "0-3,7" → set; -1 on a malformed list or a CPU beyond CPU_SETSIZE. Pure. */
int spec_parse_cpu_list(const char *s, cpu_set_t *out);
/* v: the "linux" object again, for sysctl, personality, seccomp, mountLabel,
 * memoryPolicy, netDevices. */
int spec_parse_linux_extras(yajl_val v, struct spec_linux *l, struct px_error *err);
/* "0-3,7" → bits (nbits of them, a multiple of the word size); -1 on a malformed
 * list or a number from nbits on. Pure. */
int spec_parse_bit_list(const char *s, unsigned long *bits, size_t nbits);
/* linux.memoryPolicy and linux.netDevices (spec/parse_linux_13.c). */
int spec_parse_memory_policy(yajl_val v, struct spec_memory_policy *mp, struct px_error *err);
int spec_parse_net_devices(yajl_val v, struct spec_linux *l, struct px_error *err);
/* netDevices need a network namespace of the container's own. */
int spec_check_net_devices(const struct spec_config *c, struct px_error *err);
/* v: linux.seccomp (NULL: none, *out stays NULL). */
int spec_parse_seccomp(yajl_val v, struct spec_seccomp **out, struct px_error *err);
/* Every sysctl belongs to a namespace the container has (else it is the host's). */
int spec_check_sysctl(const struct spec_config *c, struct px_error *err);
/* v: the "hooks" object. */
int spec_parse_hooks(yajl_val v, struct spec_hooks *hooks, struct px_error *err);
/* v: the "mounts" array. */
int spec_parse_mounts(yajl_val v, struct spec_config *c, struct px_error *err);
/* v: an array of id mappings (linux.uidMappings, mounts[i].gidMappings, ...) at
 * path; NULL v gives none. */
int spec_parse_id_mappings(yajl_val v, const char *path, struct spec_id_mapping **out, size_t *n,
                           struct px_error *err);
/* v: the "linux" object. */
int spec_parse_linux(yajl_val v, struct spec_linux *l, struct px_error *err);
/* Annotations are copied into state.json, which every `list` and `state` reads:
 * their total (keys and values) is bounded. 1 MiB is four times what Kubernetes
 * allows an object's annotations (256 KiB), which engines pass through here. */
#define SPEC_ANNOTATIONS_MAX ((size_t)1 << 20)
/* v: an "annotations" object (config.json's, or the state record's copy of it)
 * into key/value pairs; keys must not be empty, values must be strings. NULL v
 * gives none. On error the pairs already stored are counted in *n. */
int spec_parse_annotations(yajl_val v, struct spec_annotation **out, size_t *n, struct px_error *err);
void spec_annotations_free(struct spec_annotation *a, size_t n);
/* idmapped mounts' rules that need the namespaces (spec/parse_mounts.c). */
int spec_check_mounts(const struct spec_config *c, struct px_error *err);
/* Rules that span sections (user/time namespaces and their settings). */
int spec_check_linux(const struct spec_config *c, struct px_error *err);

#endif
