/* spec/json_walk.c — read typed values from a yajl tree, with path errors
 * (spec/json_parse.c builds the tree). */
#include "spec/json_walk.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/cleanup.h"
#include "util/fs.h"

/* The escaped form of c into tmp (4 bytes), returning its length. Done by
 * hand: these run for every key of every config (the paths below), and snprintf
 * per character was a third of the whole parse's instructions. */
static size_t escape_char(char *tmp, unsigned char c)
{
	static const char hex[] = "0123456789abcdef";

	if (c == '"' || c == '\\' || c == '\n' || c == '\t') {
		tmp[0] = '\\';
		tmp[1] = c == '\n' ? 'n' : c == '\t' ? 't' : (char)c;
		return 2;
	}
	if (c < 0x20 || c == 0x7f) {
		tmp[0] = '\\', tmp[1] = 'x', tmp[2] = hex[c >> 4], tmp[3] = hex[c & 15];
		return 4;
	}
	tmp[0] = (char)c;
	return 1;
}

/* Copy s into dst (room for cap bytes incl. NUL) with escapes; "..." marks a cut. */
static void escape_into(char *dst, size_t cap, const char *s)
{
	size_t o = 0;

	for (; *s; s++) {
		char tmp[4];
		size_t n = escape_char(tmp, (unsigned char)*s);
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

/* parent, then sep (when parent is not empty and sep is), then tail, cut at
 * SPEC_PATH_MAX - 1 bytes as snprintf would: memcpy, since a path is made for
 * every member the parser visits, error or not. */
static const char *path_join(char *buf, const char *parent, char sep, const char *tail)
{
	size_t lp = strnlen(parent, SPEC_PATH_MAX - 1), lt = strlen(tail), o;

	if (parent != buf)
		memmove(buf, parent, lp);
	o = lp;
	if (sep && lp && o < SPEC_PATH_MAX - 1)
		buf[o++] = sep;
	if (lt > SPEC_PATH_MAX - 1 - o)
		lt = SPEC_PATH_MAX - 1 - o;
	memcpy(buf + o, tail, lt);
	buf[o + lt] = '\0';
	return buf;
}

const char *spec_path_key(char *buf, const char *parent, const char *key)
{
	char k[SPEC_QUOTE_MAX];

	escape_into(k, sizeof k, key);
	return path_join(buf, parent, '.', k);
}

const char *spec_path_idx(char *buf, const char *parent, size_t i)
{
	char t[24], *p = t + sizeof t;

	*--p = '\0';
	*--p = ']';
	do
		*--p = (char)('0' + i % 10);
	while (i /= 10);
	*--p = '[';
	return path_join(buf, parent, 0, p);
}

yajl_val spec_json_field(yajl_val obj, const char *key)
{
	if (!obj || !YAJL_IS_OBJECT(obj))
		return NULL;
	/* spec_json_parse() refuses duplicate keys, so the first match is the only one */
	for (size_t i = 0; i < obj->u.object.len; i++) {
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

/* pidbox's own files (state.json) are not the user's to read in a message: keep
 * where the text is malformed, drop why (the why of a duplicate key quotes it). */
yajl_val spec_json_parse_unquoted(const char *json, size_t len, struct px_error *err)
{
	yajl_val v = spec_json_parse(json, len, err);
	char *why;

	if (!v && !strncmp(err->msg, "invalid JSON at line ", 21) && (why = strstr(err->msg, ": ")))
		snprintf(why, sizeof err->msg - (size_t)(why - err->msg), ": malformed");
	return v;
}
