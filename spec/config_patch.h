/* spec/config_patch.h — add to a config.json text what an engine asked for
 * through pidbox's environment rather than the config (runc's behaviour):
 * LISTEN_FDS/LISTEN_PID for socket activation, NOTIFY_SOCKET and the bind mount
 * of the notify socket's directory.
 *
 * Why text in, text out: the container's init re-executes and parses the config
 * text again (runtime/init_reexec.h), so a change must be in the text both sides
 * parse. Everything not patched is copied token by token (numbers keep their
 * exact digits). Pure.
 */
#ifndef PX_SPEC_CONFIG_PATCH_H
#define PX_SPEC_CONFIG_PATCH_H

#include <stddef.h>

#include "util/error.h"

struct spec_patch_mount {
	const char *destination, *type, *source;
	const char *const *options; /* NULL-terminated */
};

struct spec_config_patch {
	const char *const *env;     /* "NAME=VALUE", NULL-terminated: replaces NAME in process.env or is appended */
	const struct spec_patch_mount *mounts; /* appended to mounts[] */
	size_t n_mounts;
};

/* *out (malloc'd, NUL-terminated) and *out_len get the patched text. */
int spec_config_patch(const char *json, size_t len, const struct spec_config_patch *p, char **out, size_t *out_len,
                      struct px_error *err);

#endif
