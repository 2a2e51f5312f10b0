/* spec/json_walk.h — typed getters over a yajl tree that name the JSON path in
 * every error (internal to spec/).
 *
 * Each getter takes the value itself (never the parent) and the full path of that
 * value ("linux.uidMappings[1].size"), so a caller builds the path once with
 * spec_path_key()/spec_path_idx() and every error reads "<path>: must be ...".
 * A JSON null counts as absent everywhere: spec_json_field() returns NULL for it,
 * which is how Go-based engines (and runc) treat null for optional fields.
 */
#ifndef PX_SPEC_JSON_WALK_H
#define PX_SPEC_JSON_WALK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <yajl/yajl_tree.h>

#include "util/error.h"

/* Longest JSON path we format; a longer one is truncated in the message only. */
#define SPEC_PATH_MAX 256

/* Deepest nesting spec_json_parse() accepts: a config.json needs fewer than 10. */
#define SPEC_JSON_MAX_DEPTH 64

/* Parse text into a tree (spec/json_parse.c); free it with yajl_tree_free().
 * Refuses, with "invalid JSON at line L, column C: <why>" on one line: malformed
 * JSON, duplicate keys in an object (naming the key's path and where it first
 * was), ill-formed UTF-8 (overlong forms, surrogates, past U+10FFFF), unpaired
 * \u surrogate escapes, NUL bytes and "\u0000" (yajl would cut the string there
 * silently), comments, nesting deeper than SPEC_JSON_MAX_DEPTH; and an empty
 * document ("invalid JSON: empty document"). */
yajl_val spec_json_parse(const char *json, size_t len, struct px_error *err);
/* 1-based line and column (in characters, as an editor counts) of text[off]. */
void spec_json_line_col(const char *text, size_t len, size_t off, unsigned *line, unsigned *col);
/* The same, but an error never quotes the text: for pidbox's own files (state.json),
 * which the user did not name and whose bytes are nobody's to read in a message. */
yajl_val spec_json_parse_unquoted(const char *json, size_t len, struct px_error *err);

/* A value from the input, quoted for an error message: "..." with control
 * characters, quotes and backslashes escaped and long text cut with "...", so a
 * message stays one readable line whatever the config holds. */
#define SPEC_QUOTE_MAX 96
const char *spec_quote(char *buf, const char *s); /* buf[SPEC_QUOTE_MAX] */

/* "<parent>.<key>" (or "<key>" when parent is empty) into buf[SPEC_PATH_MAX];
 * control characters in key are escaped as in spec_quote(). */
const char *spec_path_key(char *buf, const char *parent, const char *key);
/* "<parent>[<i>]" into buf[SPEC_PATH_MAX]. */
const char *spec_path_idx(char *buf, const char *parent, size_t i);

/* obj's member named key, or NULL when absent or null. obj may be NULL. */
yajl_val spec_json_field(yajl_val obj, const char *key);

/* True for null, false, "", {}, [] — the "not set" forms of a field pidbox refuses
 * only when it is actually set. */
bool spec_json_is_empty(yajl_val v);

int spec_json_need_object(yajl_val v, const char *path, struct px_error *err);
int spec_json_need_array(yajl_val v, const char *path, struct px_error *err);

int spec_json_string(yajl_val v, const char *path, char **out, struct px_error *err);
int spec_json_bool(yajl_val v, const char *path, bool *out, struct px_error *err);
int spec_json_u32(yajl_val v, const char *path, uint32_t *out, struct px_error *err);
int spec_json_u64(yajl_val v, const char *path, uint64_t *out, struct px_error *err);
int spec_json_i64(yajl_val v, const char *path, int64_t *out, struct px_error *err);

/* Device numbers as the kernel holds them: a dev_t passes through the kernel as
 * 32 bits, 12 for the major and 20 for the minor (include/linux/kdev_t.h,
 * new_encode_dev), so a larger number does not name another device, it wraps
 * onto one (major 4294967297 made /dev/mem's 1:1). Anything above is refused.
 * wildcard_ok: -1 (any) is allowed (device cgroup rules). path names the object. */
#define SPEC_DEV_MAJOR_MAX 4095
#define SPEC_DEV_MINOR_MAX 1048575
int spec_check_dev_numbers(const char *path, int64_t major, int64_t minor, bool wildcard_ok,
                           struct px_error *err);

/* An absolute path string ("must be an absolute path"). */
int spec_json_abs_path(yajl_val v, const char *path, char **out, struct px_error *err);

/* Array of strings → NULL-terminated malloc'd vector plus count. NULL v gives an
 * empty vector (count 0, *out NULL). */
int spec_json_strv(yajl_val v, const char *path, char ***out, size_t *n, struct px_error *err);

/* Fail with "<path>: not supported yet" when v is set (see spec_json_is_empty). */
int spec_json_refuse(yajl_val v, const char *path, struct px_error *err);

/* Free a yajl tree on scope exit. */
static inline void spec_json_free_ptr(yajl_val *v)
{
	if (*v)
		yajl_tree_free(*v);
}
#define _cleanup_json_ __attribute__((cleanup(spec_json_free_ptr)))

#endif
