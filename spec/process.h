/* spec/process.h — a process object on its own: the file `exec --process` reads
 * (runc's process.json, config.md's "process" schema).
 *
 * spec_parse_process_json() parses and validates it exactly as config.json's
 * "process" (same parser, same rules, errors naming "process.<field>") and, on
 * success, replaces c->process with it (freeing the old one); on error c is
 * unchanged. Pure: no syscalls.
 */
#ifndef PX_SPEC_PROCESS_H
#define PX_SPEC_PROCESS_H

#include <stddef.h>

#include "spec/config.h"
#include "util/error.h"

int spec_parse_process_json(const char *json, size_t len, struct spec_config *c, struct px_error *err);

#endif
