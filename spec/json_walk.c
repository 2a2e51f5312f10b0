/* spec/json_walk.c — parse JSON safely and read typed values with path errors. */
#include "spec/json_walk.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/cleanup.h"
#include "util/fs.h"

/* Cheap scan before yajl sees the text. yajl's parser keeps its own stack, but
 * yajl_tree_free() recurses once per level, so hostile nesting could still blow
 * the C stack; a real config never nests more than a handful of levels. The same
 * pass rejects comments and "\u0000": yajl decodes it into a NUL byte and the tree then holds a
 * C string cut short there, so "sh\u0000evil" would silently become "sh". */
static int prescan(const char *s, size_t len, struct px_error *err)
{
	bool in_string = false, blank = true;
	int depth = 0;

	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == '\0')
			return px_err(err, 0, "invalid JSON: NUL byte at offset %zu", i);
		if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
			blank = false;
		if (in_string) {
			if (c == '\\' && i + 1 < len) {
				if (s[i + 1] == 'u' && i + 5 < len && !memcmp(s + i + 2, "0000", 4))
					return px_err(err, 0, "invalid JSON: \\u0000 in a string at offset %zu", i);
				i++; /* skip the escaped character, which may be a quote */
			} else if (c == '"') {
				in_string = false;
			}
			continue;
		}
		if (c == '"')
			in_string = true;
		/* yajl_tree enables comments; JSON has none, and a config.json that
		 * only pidbox accepts would be a trap when moved to another runtime. */
		else if (c == '/')
			return px_err(err, 0, "invalid JSON: comments are not allowed (offset %zu)", i);
		else if ((c == '[' || c == '{') && ++depth > SPEC_JSON_MAX_DEPTH)
			return px_err(err, 0, "invalid JSON: nested deeper than %d levels", SPEC_JSON_MAX_DEPTH);
		else if ((c == ']' || c == '}') && depth > 0)
			depth--;
	}
	if (blank)
		return px_err(err, 0, "invalid JSON: empty document");
	return 0;
}

/* yajl's verbose message is three lines: the reason, the text around the error,
 * and a caret. Keep the reason and the text as one line. */
static int yajl_error_one_line(const char *msg, bool quote, struct px_error *err)
{
	char reason[256] = "", near[128] = "";
	const char *nl = strchr(msg, '\n');
	size_t n = nl ? (size_t)(nl - msg) : strlen(msg);

	snprintf(reason, sizeof reason, "%.*s", (int)n, msg);
	if (nl && quote) {
		const char *p = nl + 1, *end;
		while (*p == ' ')
			p++;
		end = strchr(p, '\n');
		n = end ? (size_t)(end - p) : strlen(p);
		while (n > 0 && p[n - 1] == ' ')
			n--;
		snprintf(near, sizeof near, "%.*s", (int)n, p);
	}
	if (!reason[0])
		snprintf(reason, sizeof reason, "malformed");
	if (near[0])
		return px_err(err, 0, "invalid JSON: %s (near: %s)", reason, near);
	return px_err(err, 0, "invalid JSON: %s", reason);
}

static yajl_val parse(const char *json, size_t len, bool quote, struct px_error *err)
{
	char ebuf[512] = "";
	_cleanup_free_ char *copy = NULL;
	yajl_val v;

	if (prescan(json, len, err) < 0)
		return NULL;
	/* yajl_tree_parse() wants a NUL-terminated string, and the caller's buffer
	 * need not have a byte at json[len]; a config is small, so copy it. */
	copy = px_xmalloc(len + 1);
	memcpy(copy, json, len);
	copy[len] = '\0';
	json = copy;
	v = yajl_tree_parse(json, ebuf, sizeof ebuf);
	if (!v) {
		yajl_error_one_line(ebuf, quote, err);
		return NULL;
	}
	return v;
}

yajl_val spec_json_parse(const char *json, size_t len, struct px_error *err)
{
	return parse(json, len, true, err);
}

yajl_val spec_json_parse_unquoted(const char *json, size_t len, struct px_error *err)
{
	return parse(json, len, false, err);
}

/* Copy s into dst (room for cap bytes incl. NUL) with escapes; "..." marks a cut. */
static void escape_into(char *dst, size_t cap, const char *s)
{
	size_t o = 0;

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		char tmp[8];
		if (c == '"' || c == '\\')
			snprintf(tmp, sizeof tmp, "\\%c", c);
		else if (c == '\n')
			snprintf(tmp, sizeof tmp, "\\n");
		else if (c == '\t')
			snprintf(tmp, sizeof tmp, "\\t");
		else if (c < 0x20 || c == 0x7f)
			snprintf(tmp, sizeof tmp, "\\x%02x", c);
		else
			snprintf(tmp, sizeof tmp, "%c", c);
		size_t n = strlen(tmp);
		if (o + n + 4 > cap) { /* keep room for "..." and the NUL */
			memcpy(dst + o, "...", 3);
			o += 3;
			break;
		}
		memcpy(dst + o, tmp, n);
		o += n;
	}
	dst[o] = '\0';
}

const char *spec_quote(char *buf, const char *s)
{
	buf[0] = '"';
	escape_into(buf + 1, SPEC_QUOTE_MAX - 2, s);
	strcat(buf, "\"");
	return buf;
}

const char *spec_path_key(char *buf, const char *parent, const char *key)
{
	char k[SPEC_QUOTE_MAX];

	escape_into(k, sizeof k, key);
	snprintf(buf, SPEC_PATH_MAX, "%s%s%s", parent, *parent ? "." : "", k);
	return buf;
}

const char *spec_path_idx(char *buf, const char *parent, size_t i)
{
	snprintf(buf, SPEC_PATH_MAX, "%s[%zu]", parent, i);
	return buf;
}

yajl_val spec_json_field(yajl_val obj, const char *key)
{
	if (!obj || !YAJL_IS_OBJECT(obj))
		return NULL;
	/* Of duplicate keys the last wins, as in Go's decoder that engines and runc
	 * use, so a config means the same to every runtime. */
	for (size_t i = obj->u.object.len; i-- > 0;) {
		if (strcmp(obj->u.object.keys[i], key) != 0)
			continue;
		yajl_val v = obj->u.object.values[i];
		return YAJL_IS_NULL(v) ? NULL : v;
	}
	return NULL;
}

bool spec_json_is_empty(yajl_val v)
{
	if (!v || YAJL_IS_NULL(v) || YAJL_IS_FALSE(v))
		return true;
	if (YAJL_IS_STRING(v))
		return v->u.string[0] == '\0';
	if (YAJL_IS_OBJECT(v))
		return v->u.object.len == 0;
	if (YAJL_IS_ARRAY(v))
		return v->u.array.len == 0;
	return false;
}

int spec_json_need_object(yajl_val v, const char *path, struct px_error *err)
{
	if (!v || !YAJL_IS_OBJECT(v))
		return px_err(err, 0, "%s: must be an object", path);
	return 0;
}

int spec_json_need_array(yajl_val v, const char *path, struct px_error *err)
{
	if (!v || !YAJL_IS_ARRAY(v))
		return px_err(err, 0, "%s: must be an array", path);
	return 0;
}

int spec_json_string(yajl_val v, const char *path, char **out, struct px_error *err)
{
	if (!v || !YAJL_IS_STRING(v))
		return px_err(err, 0, "%s: must be a string", path);
	*out = px_xstrdup(v->u.string);
	return 0;
}

int spec_json_bool(yajl_val v, const char *path, bool *out, struct px_error *err)
{
	if (!v || !(YAJL_IS_TRUE(v) || YAJL_IS_FALSE(v)))
		return px_err(err, 0, "%s: must be a boolean", path);
	*out = YAJL_IS_TRUE(v);
	return 0;
}

/* The raw text of an integer literal, or NULL. yajl's own conversion goes through
 * long long (so 2^64-1, the RLIM_INFINITY engines write, would overflow) and also
 * accepts 1.0 and 1e3 as numbers; the runtime-spec's integer fields want neither,
 * so we read the digits ourselves. */
static const char *integer_text(yajl_val v)
{
	const char *r, *p;

	if (!v || !YAJL_IS_NUMBER(v) || !v->u.number.r)
		return NULL;
	r = v->u.number.r;
	p = r + (*r == '-');
	if (!*p)
		return NULL;
	for (; *p; p++)
		if (*p < '0' || *p > '9')
			return NULL;
	return r;
}

static int parse_unsigned(yajl_val v, uint64_t max, uint64_t *out)
{
	const char *r = integer_text(v);
	char *end;
	unsigned long long x;

	if (!r || *r == '-')
		return -1;
	errno = 0;
	x = strtoull(r, &end, 10);
	if (errno || *end || x > max)
		return -1;
	*out = x;
	return 0;
}

int spec_json_u32(yajl_val v, const char *path, uint32_t *out, struct px_error *err)
{
	uint64_t x;
	if (parse_unsigned(v, UINT32_MAX, &x) < 0)
		return px_err(err, 0, "%s: must be an unsigned 32-bit integer", path);
	*out = (uint32_t)x;
	return 0;
}

int spec_json_u64(yajl_val v, const char *path, uint64_t *out, struct px_error *err)
{
	if (parse_unsigned(v, UINT64_MAX, out) < 0)
		return px_err(err, 0, "%s: must be an unsigned 64-bit integer", path);
	return 0;
}

int spec_json_i64(yajl_val v, const char *path, int64_t *out, struct px_error *err)
{
	const char *r = integer_text(v);
	char *end;
	long long x;

	if (!r)
		return px_err(err, 0, "%s: must be a 64-bit integer", path);
	errno = 0;
	x = strtoll(r, &end, 10);
	if (errno || *end)
		return px_err(err, 0, "%s: must be a 64-bit integer", path);
	*out = x;
	return 0;
}

int spec_json_abs_path(yajl_val v, const char *path, char **out, struct px_error *err)
{
	if (!v || !YAJL_IS_STRING(v) || v->u.string[0] != '/')
		return px_err(err, 0, "%s: must be an absolute path", path);
	*out = px_xstrdup(v->u.string);
	return 0;
}

int spec_json_strv(yajl_val v, const char *path, char ***out, size_t *n, struct px_error *err)
{
	char p[SPEC_PATH_MAX];
	_cleanup_strv_ char **vec = NULL;
	size_t len;

	*out = NULL;
	*n = 0;
	if (!v)
		return 0;
	if (!YAJL_IS_ARRAY(v))
		return px_err(err, 0, "%s: must be an array of strings", path);
	len = v->u.array.len;
	vec = px_xcalloc(len + 1, sizeof *vec);
	for (size_t i = 0; i < len; i++) {
		yajl_val s = v->u.array.values[i];
		if (!YAJL_IS_STRING(s))
			return px_err(err, 0, "%s: must be a string", spec_path_idx(p, path, i));
		vec[i] = px_xstrdup(s->u.string);
	}
	*out = px_steal_ptr(&vec);
	*n = len;
	return 0;
}

int spec_json_refuse(yajl_val v, const char *path, struct px_error *err)
{
	if (spec_json_is_empty(v))
		return 0;
	return px_err(err, 0, "%s: not supported yet", path);
}

static int check_dev_number(const char *path, const char *field, int64_t v, int64_t max, bool wildcard_ok,
                            struct px_error *err)
{
	if ((wildcard_ok && v == -1) || (v >= 0 && v <= max))
		return 0;
	return px_err(err, 0, "%s.%s: %" PRId64 " is out of range (0 to %" PRId64 "%s)", path, field, v, max,
	              wildcard_ok ? ", or -1 for any" : "");
}

int spec_check_dev_numbers(const char *path, int64_t major, int64_t minor, bool wildcard_ok,
                           struct px_error *err)
{
	if (check_dev_number(path, "major", major, SPEC_DEV_MAJOR_MAX, wildcard_ok, err) < 0 ||
	    check_dev_number(path, "minor", minor, SPEC_DEV_MINOR_MAX, wildcard_ok, err) < 0)
		return -1;
	return 0;
}
