/* tests/unit/test_spec_state.c — spec/state.c: OCI state and the state record. */
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include <yajl/yajl_tree.h>

#include "spec/state.h"
#include "tests/unit/unit.h"
#include "util/fs.h"

static struct spec_annotation annotations[] = {
	{ "org.example.k", "v" },
	{ "quote\"d", "line\nbreak" },
};

static struct spec_state sample(void)
{
	struct spec_state s = {
		.oci_version = "1.3.0",
		.id = "box1",
		.status = "running",
		.pid = 4242,
		.bundle = "/srv/bundles/box1",
		.rootfs = "/srv/bundles/box1/rootfs",
		.created = "2026-11-22T12:00:00.123456789Z",
		.owner = "",
		.annotations = annotations,
		.n_annotations = 2,
		.init_start_time = 18446744073709551615ull,
		.cgroup_path = "/pidbox/box1",
		.ns_flags = CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUSER,
		.use_init = true,
	};
	return s;
}

/* The sorted, comma-joined top-level keys of a JSON object. */
static char *keys_of(const char *json)
{
	char ebuf[256];
	yajl_val v = yajl_tree_parse(json, ebuf, sizeof ebuf);
	char *out = px_xstrdup("");

	if (!v || !YAJL_IS_OBJECT(v)) {
		yajl_tree_free(v);
		return out;
	}
	const char *keys[32];
	size_t n = v->u.object.len < 32 ? v->u.object.len : 32;
	for (size_t i = 0; i < n; i++)
		keys[i] = v->u.object.keys[i];
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			if (strcmp(keys[j], keys[i]) < 0) {
				const char *t = keys[i];
				keys[i] = keys[j];
				keys[j] = t;
			}
	for (size_t i = 0; i < n; i++) {
		char *next = px_asprintf("%s%s%s", out, i ? "," : "", keys[i]);
		free(out);
		out = next;
	}
	yajl_tree_free(v);
	return out;
}

static void test_oci_keys(void)
{
	struct spec_state s = sample();
	char *json = spec_state_to_oci_json(&s);
	char *keys = keys_of(json);
	CHECK_STR(keys, "annotations,bundle,created,id,ociVersion,owner,pid,rootfs,status");
	CHECK_CONTAINS(json, "\"pid\": 4242");
	CHECK_CONTAINS(json, "\n  \"id\": \"box1\"");  /* two-space indent, like runc */
	CHECK_CONTAINS(json, "\"bundle\": \"/srv/bundles/box1\""); /* no escaped solidus */
	CHECK_CONTAINS(json, "\"quote\\\"d\": \"line\\nbreak\"");
	free(keys);
	free(json);

	s.n_annotations = 0;
	json = spec_state_to_oci_json(&s);
	keys = keys_of(json);
	CHECK_STR(keys, "bundle,created,id,ociVersion,owner,pid,rootfs,status");
	free(keys);
	free(json);
}

static void test_oci_stopped(void)
{
	struct spec_state s = sample();
	s.status = "stopped";
	char *json = spec_state_to_oci_json(&s);
	CHECK_CONTAINS(json, "\"pid\": 0");
	CHECK_CONTAINS(json, "\"status\": \"stopped\"");
	free(json);
	/* the record keeps the real pid: delete may still need it */
	json = spec_state_to_record_json(&s);
	CHECK_CONTAINS(json, "\"pid\":4242");
	free(json);
	/* list's table asks the same question */
	CHECK(spec_state_oci_pid(&s) == 0);
	s.status = "running";
	CHECK(spec_state_oci_pid(&s) == 4242);
}

static void test_oci_defaults(void)
{
	struct spec_state s = { .id = "x", .status = "created", .pid = 1 };
	char *json = spec_state_to_oci_json(&s);
	char *keys = keys_of(json);
	CHECK_STR(keys, "bundle,created,id,ociVersion,owner,pid,rootfs,status");
	CHECK_CONTAINS(json, "\"ociVersion\": \"" SPEC_OCI_VERSION "\"");
	CHECK_CONTAINS(json, "\"owner\": \"\"");
	free(keys);
	free(json);
}

static void test_record_round_trip(void)
{
	struct spec_state s = sample(), r;
	struct px_error err = { 0 };
	char *json = spec_state_to_record_json(&s);

	CHECK(strchr(json, '\n') == NULL || strchr(json, '\n') == json + strlen(json) - 1);
	CHECK(spec_state_parse_record(json, strlen(json), &r, &err) == 0);
	CHECK_STR(r.oci_version, "1.3.0");
	CHECK_STR(r.id, "box1");
	CHECK_STR(r.status, "running");
	CHECK(r.pid == 4242);
	CHECK_STR(r.bundle, s.bundle);
	CHECK_STR(r.rootfs, s.rootfs);
	CHECK_STR(r.created, s.created);
	CHECK_STR(r.owner, "");
	CHECK(r.n_annotations == 2);
	if (r.n_annotations == 2) {
		CHECK_STR(r.annotations[1].key, "quote\"d");
		CHECK_STR(r.annotations[1].value, "line\nbreak");
	}
	CHECK(r.init_start_time == 18446744073709551615ull);
	CHECK_STR(r.cgroup_path, "/pidbox/box1");
	CHECK(r.ns_flags == (CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUSER));
	CHECK(r.use_init);
	spec_state_free(&r);
	CHECK(r.id == NULL && r.n_annotations == 0);
	spec_state_free(&r); /* twice is harmless */
	free(json);

	/* unset optional strings stay unset */
	struct spec_state m = { .id = "m", .status = "creating", .pid = 7 };
	json = spec_state_to_record_json(&m);
	CHECK(spec_state_parse_record(json, strlen(json), &r, &err) == 0);
	CHECK(r.bundle == NULL && r.rootfs == NULL && r.cgroup_path == NULL && r.owner == NULL);
	CHECK(!r.use_init && r.init_start_time == 0 && r.ns_flags == 0);
	/* no ownership list: an older record, every cgroup directory counts as pidbox's */
	CHECK(!r.has_cgroup_created && r.mnt_ns == 0);
	spec_state_free(&r);
	free(json);
}

/* what pidbox made of the cgroup, and the init's mount namespace, survive the record;
 * an empty list (pidbox made nothing) stays distinct from no list */
static void test_record_cgroup_ownership(void)
{
	char *made[] = { "2 /sys/fs/cgroup/cpu,cpuacct", "1 /sys/fs/cgroup/pids", NULL };
	struct spec_state s = { .id = "o", .status = "created", .pid = 7, .cgroup_created = made,
		                .n_cgroup_created = 2, .has_cgroup_created = true, .mnt_ns = 4026532001ull };
	struct spec_state r;
	struct px_error err = { 0 };
	char *json = spec_state_to_record_json(&s);

	CHECK(spec_state_parse_record(json, strlen(json), &r, &err) == 0);
	CHECK(r.has_cgroup_created && r.n_cgroup_created == 2);
	if (r.n_cgroup_created == 2)
		CHECK_STR(r.cgroup_created[0], "2 /sys/fs/cgroup/cpu,cpuacct");
	CHECK(r.mnt_ns == 4026532001ull);
	spec_state_free(&r);
	free(json);
	s.cgroup_created = NULL;
	s.n_cgroup_created = 0;
	json = spec_state_to_record_json(&s);
	CHECK(spec_state_parse_record(json, strlen(json), &r, &err) == 0);
	CHECK(r.has_cgroup_created && r.n_cgroup_created == 0);
	spec_state_free(&r);
	free(json);
}

/* pidbox's own record is nobody's to quote: a parse error names no byte of it */
static void test_record_error_quotes_nothing(void)
{
	struct spec_state r;
	struct px_error err = { 0 };
	const char *secret = "SECRET-bytes of some root-only file";

	CHECK(spec_state_parse_record(secret, strlen(secret), &r, &err) < 0);
	CHECK_CONTAINS(err.msg, "invalid JSON");
	CHECK(strstr(err.msg, "SECRET") == NULL);
}

static const char *record_err(const char *json)
{
	static struct px_error err;
	struct spec_state r;
	px_err_clear(&err);
	if (spec_state_parse_record(json, strlen(json), &r, &err) == 0) {
		spec_state_free(&r);
		return "(parsed fine)";
	}
	if (r.id || r.status || r.annotations)
		return "(out not cleared)";
	return err.msg;
}

static void test_record_errors(void)
{
	CHECK_STR(record_err("{\"pid\":1,\"status\":\"running\"}"), "id: required");
	CHECK_STR(record_err("{\"id\":\"a\",\"status\":\"running\"}"), "pid: required");
	CHECK_STR(record_err("{\"id\":\"a\",\"pid\":1}"), "status: required");
	CHECK_STR(record_err("{\"id\":\"a\",\"pid\":-1,\"status\":\"running\"}"), "pid: must be an unsigned 32-bit integer");
	CHECK_STR(record_err("{\"id\":\"a\",\"pid\":4294967295,\"status\":\"running\"}"),
	          "pid: 4294967295 is not a valid pid");
	CHECK_STR(record_err("{\"id\":7,\"pid\":1,\"status\":\"running\"}"), "id: must be a string");
	CHECK_STR(record_err("{\"id\":\"a\",\"pid\":1,\"status\":\"running\",\"annotations\":{\"k\":\"v\",\"n\":1}}"),
	          "annotations.n: must be a string");
	CHECK_STR(record_err("{\"id\":\"a\",\"pid\":1,\"status\":\"running\",\"useInit\":\"yes\"}"),
	          "useInit: must be a boolean");
	CHECK_STR(record_err("[]"), "must be a JSON object");
	/* pidbox's own record: where it is malformed, never why (a why may quote it) */
	CHECK_STR(record_err("{\"id\":"), "invalid JSON at line 1, column 7: malformed");
	/* a record with a key twice is refused, not read as one of them */
	CHECK_STR(record_err("{\"id\":\"a\",\"pid\":1,\n\"status\":\"running\",\"pid\":2}"),
	          "invalid JSON at line 2, column 20: malformed");
	CHECK_CONTAINS(record_err(""), "invalid JSON: empty document");
	/* unknown keys (a newer pidbox's record) are ignored */
	CHECK_STR(record_err("{\"id\":\"a\",\"pid\":1,\"status\":\"running\",\"future\":[1]}"), "(parsed fine)");
}

/* The view (spec/state_view.c) reads what state and list show exactly as the
 * record parse does, skipping the rest. */
static void test_view_matches_record(void)
{
	char *made[] = { "2 /sys/fs/cgroup/cpu", NULL };
	struct spec_state s = sample(), r, v;
	struct px_error err = { 0 };
	char *json, *a, *b;

	s.cgroup_created = made, s.n_cgroup_created = 1, s.has_cgroup_created = true;
	json = spec_state_to_record_json(&s);
	CHECK(spec_state_parse_record(json, strlen(json), &r, &err) == 0);
	CHECK(spec_state_parse_view(json, strlen(json), &v, &err) == 0);
	a = spec_state_to_oci_json(&r);
	b = spec_state_to_oci_json(&v);
	CHECK_STR(b, a);
	CHECK(v.init_start_time == 18446744073709551615ull);
	CHECK_STR(v.cgroup_path, "/pidbox/box1");
	CHECK(v.n_cgroup_created == 0 && !v.use_init); /* not a view's business */
	free(a);
	free(b);
	spec_state_free(&r);
	spec_state_free(&v);
	free(json);
}

static const char *view_err(const char *json)
{
	static struct px_error err;
	struct spec_state r;
	px_err_clear(&err);
	if (spec_state_parse_view(json, strlen(json), &r, &err) == 0) {
		spec_state_free(&r);
		return "(parsed fine)";
	}
	if (r.id || r.status || r.annotations)
		return "(out not cleared)";
	return err.msg;
}

#define REC(rest) "{\"id\":\"a\",\"pid\":1,\"status\":\"running\"" rest "}"
static void test_view_errors(void)
{
	CHECK_STR(view_err("{\"pid\":1,\"status\":\"running\"}"), "id: required");
	CHECK_STR(view_err("{\"id\":\"a\",\"status\":\"running\"}"), "pid: required");
	CHECK_STR(view_err("{\"id\":\"a\",\"pid\":null,\"status\":\"running\"}"), "pid: required");
	CHECK_STR(view_err("{\"id\":\"a\",\"pid\":1}"), "status: required");
	CHECK_STR(view_err("{\"id\":\"a\",\"pid\":-1,\"status\":\"running\"}"), "pid: must be an unsigned 32-bit integer");
	CHECK_STR(view_err("{\"id\":\"a\",\"pid\":1.5,\"status\":\"running\"}"), "pid: must be an unsigned 32-bit integer");
	CHECK_STR(view_err("{\"id\":\"a\",\"pid\":4294967295,\"status\":\"running\"}"), "pid: not a valid pid");
	CHECK_STR(view_err("{\"id\":\"a\",\"pid\":4294967296,\"status\":\"running\"}"), "pid: must be an unsigned 32-bit integer");
	CHECK_STR(view_err(REC(",\"initStartTime\":18446744073709551616")), "initStartTime: must be an unsigned 64-bit integer");
	CHECK_STR(view_err("{\"id\":7,\"pid\":1,\"status\":\"running\"}"), "id: must be a string");
	CHECK_STR(view_err(REC(",\"bundle\":[\"x\"]")), "bundle: must be a string");
	CHECK_STR(view_err(REC(",\"owner\":{}")), "owner: must be a string");
	CHECK_STR(view_err(REC(",\"annotations\":[]")), "annotations: must be an object");
	CHECK_STR(view_err(REC(",\"annotations\":{\"k\":\"v\",\"n\":1}")), "annotations: values must be strings");
	CHECK_STR(view_err(REC(",\"annotations\":{\"k\":{}}")), "annotations: values must be strings");
	CHECK_STR(view_err(REC(",\"annotations\":{\"\":\"v\"}")), "annotations: keys must not be empty");
	CHECK_STR(view_err(REC(",\"id\":\"b\"")), "id: given twice");
	CHECK_STR(view_err(REC(",\"bundle\":\"a\\u0000b\"")), "bundle: holds a NUL byte");
	CHECK_STR(view_err("[]"), "state: must be a JSON object");
	CHECK_STR(view_err("7"), "state: must be a JSON object");
	CHECK_STR(view_err("{\"id\":\"SECRET"), "invalid JSON at line 1, column 14: malformed");
	CHECK_STR(view_err("{\n\n   ]"), "invalid JSON at line 3, column 4: malformed");
	CHECK_STR(view_err(REC("") "\n x"), "invalid JSON at line 2, column 2: malformed");
	CHECK_STR(view_err(" \n"), "invalid JSON: empty document");
	/* what the view skips may hold anything; null is absent; the intent record's
	 * padding (trailing spaces) is white space */
	CHECK_STR(view_err(REC(",\"cgroupCreated\":[\"1 /x\",{\"a\":[true,null]}],\"useInit\":7,\"future\":{\"id\":1}")),
	          "(parsed fine)");
	CHECK_STR(view_err(REC(",\"bundle\":null,\"annotations\":null") "    "), "(parsed fine)");
}

int main(void)
{
	RUN(test_oci_keys);
	RUN(test_oci_stopped);
	RUN(test_oci_defaults);
	RUN(test_record_round_trip);
	RUN(test_record_errors);
	RUN(test_record_cgroup_ownership);
	RUN(test_record_error_quotes_nothing);
	RUN(test_view_matches_record);
	RUN(test_view_errors);
	return unit_done();
}
