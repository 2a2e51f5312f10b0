/* spec/json_parse.c — text to yajl tree, strictly: every error names its line and
 * column, duplicate keys and ill-formed Unicode are refused.
 *
 * Why a tree builder of our own over yajl's event parser instead of
 * yajl_tree_parse(): only the event parser tells where in the text it is
 * (yajl_get_bytes_consumed), which is what an error's line:column and the
 * duplicate-key check need, and it costs no second pass over the text. The nodes
 * are allocated exactly as yajl_tree does (malloc'd strings, raw number text, the
 * keys/values arrays), so yajl_tree_free() releases them.
 *
 * The rules, and why (README.md "JSON input"):
 * - A duplicate key in any object is refused, naming the key's path and both
 *   positions. Go's decoder (runc, and every engine that writes config.json)
 *   would merge or overwrite by rules that depend on each Go field's type
 *   ("hostname":"a","hostname":null keeps "a"; two "process" objects merge; two
 *   "args" arrays replace), and a reviewer's tool that reads the first occurrence
 *   would see another config than the runtime that reads the last. No Go or C
 *   encoder writes duplicates, so refusing costs engines nothing.
 * - Text must be well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates,
 *   nothing past U+10FFFF) and \u escapes must pair their surrogates. yajl already
 *   refused bytes that are not UTF-8 at all; Go would turn these into U+FFFD, and a
 *   silent replacement in a path or an argument is worse than a clear refusal.
 */
#include "spec/json_walk.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yajl/yajl_parse.h>

#include "util/cleanup.h"
#include "util/fs.h"

void spec_json_line_col(const char *text, size_t len, size_t off, unsigned *line, unsigned *col)
{
	*line = 1;
	*col = 1;
	if (off > len)
		off = len;
	for (size_t i = 0; i < off; i++) {
		unsigned char c = (unsigned char)text[i];
		if (c == '\n') {
			++*line;
			*col = 1;
		} else if ((c & 0xc0) != 0x80) { /* not a UTF-8 continuation byte */
			++*col;
		}
	}
}

/* "invalid JSON at line L, column C: <why>" for text[off]. */
__attribute__((format(printf, 5, 6))) static int err_at(struct px_error *err, const char *text, size_t len,
							 size_t off, const char *fmt, ...)
{
	char why[320];
	unsigned line, col;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	spec_json_line_col(text, len, off, &line, &col);
	return px_err(err, 0, "invalid JSON at line %u, column %u: %s", line, col, why);
}

/* Length of the well-formed UTF-8 sequence at s (RFC 3629 table 3-7), or 0. */
static size_t utf8_seq_len(const unsigned char *s, size_t avail)
{
	unsigned char c = s[0];
	size_t n;
	unsigned char lo = 0x80, hi = 0xbf; /* allowed range of the second byte */

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4;
	else
		return 0; /* continuation byte, overlong lead (c0, c1) or past U+10FFFF */
	if (c == 0xe0)
		lo = 0xa0; /* overlong 3-byte form */
	else if (c == 0xed)
		hi = 0x9f; /* UTF-16 surrogates */
	else if (c == 0xf0)
		lo = 0x90; /* overlong 4-byte form */
	else if (c == 0xf4)
		hi = 0x8f; /* past U+10FFFF */
	if (avail < n || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

/* The value of the 4 hex digits at s, or -1. */
static long hex4(const char *s, size_t avail)
{
	char buf[5];
	char *end;

	if (avail < 4)
		return -1;
	memcpy(buf, s, 4);
	buf[4] = '\0';
	long v = strtol(buf, &end, 16);
	return *end || buf[0] == '-' || buf[0] == '+' || buf[0] == ' ' ? -1 : v;
}

/* A \u escape at s[i] ("\uXXXX"): refuse U+0000 (yajl would cut the C string
 * there: "sh\u0000evil" would become "sh") and unpaired surrogates. Returns the
 * bytes to skip after the backslash, or -1 with err set. */
static long check_u_escape(const char *s, size_t len, size_t i, struct px_error *err)
{
	long u = hex4(s + i + 2, len - i - 2), lo;

	if (u < 0)
		return 1; /* malformed: yajl's lexer says so, with its position */
	if (u == 0)
		return err_at(err, s, len, i, "\\u0000 in a string");
	if (u >= 0xdc00 && u <= 0xdfff)
		return err_at(err, s, len, i, "unpaired UTF-16 surrogate \\u%04lx", u);
	if (u < 0xd800 || u > 0xdbff)
		return 5;
	if (i + 7 >= len || s[i + 6] != '\\' || s[i + 7] != 'u' || (lo = hex4(s + i + 8, len - i - 8)) < 0xdc00 ||
	    lo > 0xdfff)
		return err_at(err, s, len, i, "unpaired UTF-16 surrogate \\u%04lx", u);
	return 11;
}

/* Cheap scan before yajl sees the text. yajl_tree_free() recurses once per level,
 * so hostile nesting could blow the C stack; a real config never nests more than
 * a handful of levels. The same pass refuses NUL bytes, comments (yajl could be
 * told to accept them; a config.json only pidbox reads would be a trap when moved
 * to another runtime), ill-formed UTF-8 and bad \u escapes. */
static int prescan(const char *s, size_t len, struct px_error *err)
{
	bool in_string = false, blank = true;
	int depth = 0;

	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == '\0')
			return err_at(err, s, len, i, "NUL byte");
		if ((unsigned char)c >= 0x80) {
			size_t n = utf8_seq_len((const unsigned char *)s + i, len - i);
			if (!n)
				return err_at(err, s, len, i, "ill-formed UTF-8 (byte 0x%02x)", (unsigned char)c);
			i += n - 1;
			blank = false;
			continue;
		}
		if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
			blank = false;
		if (in_string) {
			if (c == '\\' && i + 1 < len) {
				long skip = s[i + 1] == 'u' ? check_u_escape(s, len, i, err) : 1;
				if (skip < 0)
					return -1;
				i += (size_t)skip; /* past the escape, which may be a quote */
			} else if (c == '"') {
				in_string = false;
			}
			continue;
		}
		if (c == '"')
			in_string = true;
		else if (c == '/')
			return err_at(err, s, len, i, "comments are not allowed");
		else if ((c == '[' || c == '{') && ++depth > SPEC_JSON_MAX_DEPTH)
			return err_at(err, s, len, i, "nested deeper than %d levels", SPEC_JSON_MAX_DEPTH);
		else if ((c == ']' || c == '}') && depth > 0)
			depth--;
	}
	if (blank)
		return px_err(err, 0, "invalid JSON: empty document");
	return 0;
}

/* An object or array being filled. */
struct frame {
	yajl_val v;
	size_t cap;
	char *key;       /* objects: the key whose value comes next (owned) */
	size_t key_at;   /* its offset in the text */
	size_t *keys_at; /* objects: offset of each stored key */
};

struct builder {
	const char *text;
	size_t len;
	yajl_handle h;
	struct frame stack[SPEC_JSON_MAX_DEPTH + 1];
	int depth;
	yajl_val root;
	struct px_error *err;
	bool failed; /* err holds our own message, not yajl's */
};

static yajl_val new_node(yajl_type t)
{
	yajl_val v = px_xcalloc(1, sizeof *v);
	v->type = t;
	return v;
}

/* Store v into the open container (or as the root); takes v. */
static int add_value(struct builder *b, yajl_val v)
{
	struct frame *f;

	if (b->depth == 0) {
		b->root = v;
		return 1;
	}
	f = &b->stack[b->depth - 1];
	if (YAJL_IS_ARRAY(f->v)) {
		if (f->v->u.array.len == f->cap) {
			f->cap = f->cap ? 2 * f->cap : 4;
			f->v->u.array.values = px_xrealloc(f->v->u.array.values, f->cap * sizeof(yajl_val));
		}
		f->v->u.array.values[f->v->u.array.len++] = v;
		return 1;
	}
	if (f->v->u.object.len == f->cap) {
		f->cap = f->cap ? 2 * f->cap : 4;
		f->v->u.object.keys = px_xrealloc(f->v->u.object.keys, f->cap * sizeof(char *));
		f->v->u.object.values = px_xrealloc(f->v->u.object.values, f->cap * sizeof(yajl_val));
		f->keys_at = px_xrealloc(f->keys_at, f->cap * sizeof(size_t));
	}
	f->v->u.object.keys[f->v->u.object.len] = f->key;
	f->v->u.object.values[f->v->u.object.len] = v;
	f->keys_at[f->v->u.object.len++] = f->key_at;
	f->key = NULL;
	return 1;
}

static int on_null(void *ctx)
{
	return add_value(ctx, new_node(yajl_t_null));
}

static int on_bool(void *ctx, int val)
{
	return add_value(ctx, new_node(val ? yajl_t_true : yajl_t_false));
}

/* Only the raw text is kept reliably (json_walk.c reads the digits itself); the
 * flags mirror yajl_tree's for any reader of .i/.d. */
static int on_number(void *ctx, const char *s, size_t n)
{
	yajl_val v = new_node(yajl_t_number);
	char *end;

	v->u.number.r = px_xmalloc(n + 1);
	memcpy(v->u.number.r, s, n);
	v->u.number.r[n] = '\0';
	errno = 0;
	v->u.number.i = strtoll(v->u.number.r, &end, 10);
	if (!errno && !*end)
		v->u.number.flags |= YAJL_NUMBER_INT_VALID;
	errno = 0;
	v->u.number.d = strtod(v->u.number.r, &end);
	if (!errno && !*end)
		v->u.number.flags |= YAJL_NUMBER_DOUBLE_VALID;
	return add_value(ctx, v);
}

static int on_string(void *ctx, const unsigned char *s, size_t n)
{
	yajl_val v = new_node(yajl_t_string);

	v->u.string = px_xmalloc(n + 1);
	memcpy(v->u.string, s, n);
	v->u.string[n] = '\0';
	return add_value(ctx, v);
}

static int open_container(struct builder *b, yajl_type t)
{
	/* prescan bounds the depth; this keeps the stack safe on its own */
	if (b->depth >= SPEC_JSON_MAX_DEPTH) {
		b->failed = true;
		return err_at(b->err, b->text, b->len, yajl_get_bytes_consumed(b->h), "nested too deep"), 0;
	}
	b->stack[b->depth++] = (struct frame){.v = new_node(t)};
	return 1;
}

static int on_start_map(void *ctx)
{
	return open_container(ctx, yajl_t_object);
}

static int on_start_array(void *ctx)
{
	return open_container(ctx, yajl_t_array);
}

/* yajl reports a key after its closing quote: step back to the opening one (the
 * first quote not escaped by an odd run of backslashes). */
static size_t key_start(const char *text, size_t end)
{
	size_t i = end >= 2 ? end - 2 : 0;

	for (; i > 0; i--) {
		size_t bs = 0;
		if (text[i] != '"')
			continue;
		while (bs < i && text[i - 1 - bs] == '\\')
			bs++;
		if (bs % 2 == 0)
			break;
	}
	return i;
}

static int on_map_key(void *ctx, const unsigned char *s, size_t n)
{
	struct builder *b = ctx;
	struct frame *f = &b->stack[b->depth - 1];

	free(f->key);
	f->key = px_xmalloc(n + 1);
	memcpy(f->key, s, n);
	f->key[n] = '\0';
	f->key_at = key_start(b->text, yajl_get_bytes_consumed(b->h));
	return 1;
}

/* The JSON path of the open containers, for an error message. */
static void open_path(const struct builder *b, char *out)
{
	char tmp[SPEC_PATH_MAX];

	out[0] = '\0';
	for (int d = 0; d < b->depth - 1; d++) {
		const struct frame *f = &b->stack[d];
		if (YAJL_IS_ARRAY(f->v))
			spec_path_idx(tmp, out, f->v->u.array.len);
		else
			spec_path_key(tmp, out, f->key ? f->key : "");
		memcpy(out, tmp, SPEC_PATH_MAX);
	}
}

static const struct frame *sort_frame; /* qsort has no context argument */

static int by_key_then_offset(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	int c = strcmp(sort_frame->v->u.object.keys[i], sort_frame->v->u.object.keys[j]);
	return c ? c : (sort_frame->keys_at[i] > sort_frame->keys_at[j]) - (sort_frame->keys_at[i] < sort_frame->keys_at[j]);
}

/* Refuse the earliest repeated key of the object in f. Sorting keeps a hostile
 * object of 100,000 keys at n log n. */
static int check_duplicates(struct builder *b, const struct frame *f)
{
	size_t n = f->v->u.object.len, first = 0, again = 0;
	_cleanup_free_ size_t *idx = NULL;
	char path[SPEC_PATH_MAX], key[SPEC_PATH_MAX];
	unsigned line, col;

	if (n < 2)
		return 1;
	idx = px_xmalloc(n * sizeof *idx);
	for (size_t i = 0; i < n; i++)
		idx[i] = i;
	sort_frame = f;
	qsort(idx, n, sizeof *idx, by_key_then_offset);
	for (size_t i = 1; i < n; i++) {
		if (strcmp(f->v->u.object.keys[idx[i - 1]], f->v->u.object.keys[idx[i]]) != 0)
			continue;
		if (!again || f->keys_at[idx[i]] < f->keys_at[again])
			first = idx[i - 1], again = idx[i];
	}
	if (!again)
		return 1;
	open_path(b, path);
	spec_path_key(key, path, f->v->u.object.keys[again]);
	spec_json_line_col(b->text, b->len, f->keys_at[first], &line, &col);
	b->failed = true;
	return err_at(b->err, b->text, b->len, f->keys_at[again], "duplicate key %s (first at line %u, column %u)",
		      key, line, col), 0;
}

static int close_container(struct builder *b)
{
	struct frame *f = &b->stack[b->depth - 1];

	if (YAJL_IS_OBJECT(f->v) && !check_duplicates(b, f))
		return 0;
	yajl_val v = f->v;
	free(f->keys_at);
	*f = (struct frame){0};
	b->depth--;
	return add_value(b, v);
}

static int on_end(void *ctx)
{
	return close_container(ctx);
}

static const yajl_callbacks tree_callbacks = {
	.yajl_null = on_null,
	.yajl_boolean = on_bool,
	.yajl_number = on_number,
	.yajl_string = on_string,
	.yajl_start_map = on_start_map,
	.yajl_map_key = on_map_key,
	.yajl_end_map = on_end,
	.yajl_start_array = on_start_array,
	.yajl_end_array = on_end,
};

static void builder_discard(struct builder *b)
{
	for (int d = b->depth - 1; d >= 0; d--) {
		free(b->stack[d].key);
		free(b->stack[d].keys_at);
		yajl_tree_free(b->stack[d].v);
	}
	b->depth = 0;
	if (b->root)
		yajl_tree_free(b->root);
	b->root = NULL;
}

/* yajl's short message ("parse error: trailing garbage\n") where it stopped:
 * yajl_parse() stops just past the offending token, so its last byte is the
 * place; yajl_complete_parse() (premature EOF) fails at the end of the text. */
static int yajl_failure(struct builder *b, bool at_end)
{
	unsigned char *msg = yajl_get_error(b->h, 0, NULL, 0);
	size_t n = msg ? strcspn((const char *)msg, "\n") : 0;
	size_t off = at_end ? b->len : yajl_get_bytes_consumed(b->h);

	if (!at_end && off > 0)
		off--;
	int r = err_at(b->err, b->text, b->len, off, "%.*s", (int)n, msg ? (const char *)msg : "malformed");

	yajl_free_error(b->h, msg);
	return r;
}

yajl_val spec_json_parse(const char *json, size_t len, struct px_error *err)
{
	struct builder b = {.text = json, .len = len, .err = err};
	yajl_status st;
	bool at_end = false;

	if (prescan(json, len, err) < 0)
		return NULL;
	b.h = yajl_alloc(&tree_callbacks, NULL, &b);
	if (!b.h) {
		px_err(err, ENOMEM, "invalid JSON: cannot allocate the parser");
		return NULL;
	}
	st = yajl_parse(b.h, (const unsigned char *)json, len);
	if (st == yajl_status_ok) {
		at_end = true;
		st = yajl_complete_parse(b.h);
	}
	if (st != yajl_status_ok && !b.failed)
		yajl_failure(&b, at_end);
	yajl_free(b.h);
	if (st != yajl_status_ok || !b.root) {
		if (st == yajl_status_ok)
			px_err(err, 0, "invalid JSON: no value");
		builder_discard(&b);
		return NULL;
	}
	return b.root;
}
