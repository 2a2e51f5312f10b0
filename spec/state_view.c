/* spec/state_view.c — spec_state_parse_view(): the fields of a state record that
 * `state` and `list` show, read in one pass over the text (yajl's event parser)
 * instead of a tree of the whole record. `list` reads one record per container:
 * the tree parse and walk were ~55k of its ~95k instructions per container, for
 * fields it mostly drops (the cgroup ownership list, namespace flags).
 *
 * The rules are the record's (spec_state_parse_record): an object; id, pid and
 * status required; strings, a 32-bit pid, a 64-bit start time, annotations with
 * non-empty keys and string values; null counts as absent; unknown keys and the
 * fields a view does not need are skipped whatever they hold. A key given twice,
 * a NUL inside a string and malformed JSON are refused ("invalid JSON at line
 * L, column C: malformed", as the record's). Errors never quote the text
 * (pidbox's own file). */
#include "spec/state.h"

#include <stdlib.h>
#include <string.h>

#include <yajl/yajl_parse.h>

#include "spec/json_walk.h"
#include "spec/parse.h"
#include "util/fs.h"

enum view_field { F_SKIP, F_OCI, F_ID, F_STATUS, F_BUNDLE, F_ROOTFS, F_CREATED, F_OWNER, F_CGROUP,
                  F_PID, F_START, F_ANNOTATIONS };

static const struct {
	const char *key;
	enum view_field f;
} view_keys[] = {
	{ "ociVersion", F_OCI },   { "id", F_ID },           { "status", F_STATUS },
	{ "bundle", F_BUNDLE },    { "rootfs", F_ROOTFS },   { "created", F_CREATED },
	{ "owner", F_OWNER },      { "cgroupPath", F_CGROUP }, { "pid", F_PID },
	{ "initStartTime", F_START }, { "annotations", F_ANNOTATIONS },
};

struct view {
	struct spec_state *s;
	struct px_error *err;
	unsigned depth;     /* 1: inside the record's object */
	enum view_field at; /* the top-level member being read */
	unsigned seen;      /* bit per view_field: given once */
	char *ann_key;      /* annotations: the key whose value comes next */
	size_t ann_total;
	bool have_pid;
	bool failed;
};

static char *dup_n(const unsigned char *s, size_t n)
{
	char *d = px_xmalloc(n + 1);

	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

static int fail(struct view *v, const char *what, const char *why)
{
	if (!v->failed)
		px_err(v->err, 0, "%s: %s", what, why);
	v->failed = true;
	return 0; /* stops yajl */
}

static const char *name_of(enum view_field f)
{
	for (size_t i = 0; i < sizeof view_keys / sizeof view_keys[0]; i++)
		if (view_keys[i].f == f)
			return view_keys[i].key;
	return "?";
}

static char **string_slot(struct view *v)
{
	struct spec_state *s = v->s;

	switch (v->at) {
	case F_OCI: return &s->oci_version;
	case F_ID: return &s->id;
	case F_STATUS: return &s->status;
	case F_BUNDLE: return &s->bundle;
	case F_ROOTFS: return &s->rootfs;
	case F_CREATED: return &s->created;
	case F_OWNER: return &s->owner;
	case F_CGROUP: return &s->cgroup_path;
	default: return NULL;
	}
}

/* A value other than the one expected where the view reads the member. */
static int wrong_type(struct view *v)
{
	if (v->depth == 1 && v->at != F_SKIP)
		return fail(v, name_of(v->at), v->at == F_PID     ? "must be an unsigned 32-bit integer"
		                               : v->at == F_START ? "must be an unsigned 64-bit integer"
		                               : v->at == F_ANNOTATIONS ? "must be an object"
		                                                        : "must be a string");
	if (v->depth == 2 && v->at == F_ANNOTATIONS)
		return fail(v, "annotations", "values must be strings");
	return 1;
}

static int on_null(void *ctx)
{
	struct view *v = ctx;
	if (v->depth == 2 && v->at == F_ANNOTATIONS)
		return wrong_type(v);
	return v->depth ? 1 : fail(v, "state", "must be a JSON object");
}

static int on_bool(void *ctx, int b)
{
	(void)b;
	return ((struct view *)ctx)->depth ? wrong_type(ctx) : fail(ctx, "state", "must be a JSON object");
}

static int on_number(void *ctx, const char *s, size_t len)
{
	struct view *v = ctx;
	uint64_t x = 0;

	if (!v->depth)
		return fail(v, "state", "must be a JSON object");
	if (v->depth != 1 || (v->at != F_PID && v->at != F_START))
		return wrong_type(v);
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9' || x > (UINT64_MAX - (uint64_t)(s[i] - '0')) / 10)
			return wrong_type(v);
		x = x * 10 + (uint64_t)(s[i] - '0');
	}
	if (v->at == F_PID) {
		if (x > UINT32_MAX)
			return wrong_type(v);
		if (x > INT32_MAX)
			return fail(v, "pid", "not a valid pid");
		v->s->pid = (pid_t)x;
		v->have_pid = true;
	} else {
		v->s->init_start_time = x;
	}
	return 1;
}

static int on_string(void *ctx, const unsigned char *s, size_t len)
{
	struct view *v = ctx;
	char **slot;

	if (!v->depth)
		return fail(v, "state", "must be a JSON object");
	if (memchr(s, '\0', len))
		return fail(v, v->depth == 1 ? name_of(v->at) : "annotations", "holds a NUL byte");
	if (v->depth == 2 && v->at == F_ANNOTATIONS) {
		struct spec_state *st = v->s;
		v->ann_total += strlen(v->ann_key) + len;
		if (v->ann_total > SPEC_ANNOTATIONS_MAX)
			return fail(v, "annotations", "larger than allowed");
		st->annotations = px_xrealloc(st->annotations, (st->n_annotations + 1) * sizeof *st->annotations);
		st->annotations[st->n_annotations].key = v->ann_key;
		st->annotations[st->n_annotations++].value = dup_n(s, len);
		v->ann_key = NULL;
		return 1;
	}
	if (v->depth != 1 || v->at == F_SKIP)
		return 1;
	if (!(slot = string_slot(v)))
		return wrong_type(v);
	*slot = dup_n(s, len);
	return 1;
}

static int on_key(void *ctx, const unsigned char *k, size_t len)
{
	struct view *v = ctx;

	if (v->depth == 2 && v->at == F_ANNOTATIONS) {
		if (!len)
			return fail(v, "annotations", "keys must not be empty");
		if (memchr(k, '\0', len))
			return fail(v, "annotations", "holds a NUL byte");
		free(v->ann_key);
		v->ann_key = dup_n(k, len);
		return 1;
	}
	if (v->depth != 1)
		return 1;
	v->at = F_SKIP;
	for (size_t i = 0; i < sizeof view_keys / sizeof view_keys[0]; i++) {
		if (strlen(view_keys[i].key) != len || memcmp(view_keys[i].key, k, len))
			continue;
		if (v->seen & (1u << view_keys[i].f))
			return fail(v, view_keys[i].key, "given twice");
		v->seen |= 1u << view_keys[i].f;
		v->at = view_keys[i].f;
	}
	return 1;
}

static int on_start_map(void *ctx)
{
	struct view *v = ctx;

	if (v->depth == 1 && v->at != F_SKIP && v->at != F_ANNOTATIONS)
		return wrong_type(v);
	if (v->depth == 2 && v->at == F_ANNOTATIONS)
		return wrong_type(v);
	v->depth++;
	return 1;
}

static int on_start_array(void *ctx)
{
	struct view *v = ctx;

	if (!v->depth)
		return fail(v, "state", "must be a JSON object");
	if ((v->depth == 1 && v->at != F_SKIP) || (v->depth == 2 && v->at == F_ANNOTATIONS))
		return wrong_type(v);
	v->depth++;
	return 1;
}

static int on_end(void *ctx)
{
	((struct view *)ctx)->depth--;
	return 1;
}

static const yajl_callbacks view_callbacks = {
	.yajl_null = on_null,
	.yajl_boolean = on_bool,
	.yajl_number = on_number,
	.yajl_string = on_string,
	.yajl_start_map = on_start_map,
	.yajl_map_key = on_key,
	.yajl_end_map = on_end,
	.yajl_start_array = on_start_array,
	.yajl_end_array = on_end,
};

int spec_state_parse_view(const char *json, size_t len, struct spec_state *out, struct px_error *err)
{
	struct view v = { .s = out, .err = err };
	yajl_handle h = yajl_alloc(&view_callbacks, NULL, &v);
	yajl_status st;
	bool at_end;
	size_t off;

	memset(out, 0, sizeof *out);
	st = yajl_parse(h, (const unsigned char *)json, len);
	at_end = st == yajl_status_ok;
	if (at_end)
		st = yajl_complete_parse(h);
	/* where, never why (as spec_json_parse_unquoted): yajl stops just past the
	 * offending token, or at the end when the text ends too soon */
	off = at_end ? len : yajl_get_bytes_consumed(h);
	yajl_free(h);
	free(v.ann_key);
	if (!v.failed && st != yajl_status_ok) {
		unsigned line, col;
		v.failed = true;
		if (json[strspn(json, " \t\r\n")] == '\0') {
			px_err(err, 0, "invalid JSON: empty document");
		} else {
			spec_json_line_col(json, len, off && !at_end ? off - 1 : off, &line, &col);
			px_err(err, 0, "invalid JSON at line %u, column %u: malformed", line, col);
		}
	}
	if (!v.failed && (!out->id || !v.have_pid || !out->status))
		fail(&v, !out->id ? "id" : !v.have_pid ? "pid" : "status", "required");
	if (!v.failed)
		return 0;
	spec_state_free(out);
	return -1;
}
