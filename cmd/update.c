/* cmd/update.c — `pidbox update [flags] <container-id>`: change a container's
 * resources. Either `--resources FILE|-` with a LinuxResources JSON object (what
 * containerd and podman pass), or runc's flags, which become the same object, so both
 * go through the one validating parser. */
#include "cmd/cmd.h"

#include <ctype.h>
#include <fcntl.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spec/resources.h"
#include "util/cleanup.h"
#include "util/fs.h"

static const char *resources;
/* runc's flags, in the order of `runc update --help` */
static const char *blkio_weight, *cpu_period, *cpu_quota, *cpu_burst, *cpu_share, *cpu_rt_period,
	*cpu_rt_runtime, *cpu_idle, *cpuset_cpus, *cpuset_mems, *memory, *memory_reservation, *memory_swap,
	*pids_limit, *l3_cache, *mem_bw;

static const struct cmd_flag flags[] = {
	{ "resources", "r", CMD_FLAG_STRING, &resources,
	  "path to the file containing the resources to update or '-' to read from the standard input" },
	{ "blkio-weight", NULL, CMD_FLAG_STRING, &blkio_weight, "per cgroup block IO weight, 10 to 1000" },
	{ "cpu-period", NULL, CMD_FLAG_STRING, &cpu_period, "CPU CFS period (in usecs)" },
	{ "cpu-quota", NULL, CMD_FLAG_STRING, &cpu_quota, "CPU CFS hardcap limit (in usecs), -1 for none" },
	{ "cpu-burst", NULL, CMD_FLAG_STRING, &cpu_burst, "CPU CFS hardcap burst limit (in usecs)" },
	{ "cpu-idle", NULL, CMD_FLAG_STRING, &cpu_idle, "1: the cgroup's tasks are SCHED_IDLE, 0: as usual" },
	{ "cpu-share", "cpu-shares", CMD_FLAG_STRING, &cpu_share, "CPU shares (relative weight)" },
	{ "cpu-rt-period", NULL, CMD_FLAG_STRING, &cpu_rt_period, "CPU realtime period (in usecs), cgroup v1" },
	{ "cpu-rt-runtime", NULL, CMD_FLAG_STRING, &cpu_rt_runtime, "CPU realtime runtime (in usecs), cgroup v1" },
	{ "cpuset-cpus", NULL, CMD_FLAG_STRING, &cpuset_cpus, "CPU(s) to use" },
	{ "cpuset-mems", NULL, CMD_FLAG_STRING, &cpuset_mems, "memory node(s) to use" },
	{ "memory", NULL, CMD_FLAG_STRING, &memory, "memory limit (in bytes; k, m, g suffixes)" },
	{ "memory-reservation", NULL, CMD_FLAG_STRING, &memory_reservation, "memory reservation or soft limit" },
	{ "memory-swap", NULL, CMD_FLAG_STRING, &memory_swap, "total memory usage (memory + swap); -1 unlimited" },
	{ "pids-limit", NULL, CMD_FLAG_STRING, &pids_limit, "maximum number of pids allowed in the container" },
	{ "l3-cache-schema", NULL, CMD_FLAG_STRING, &l3_cache, "intel RDT L3 cache schema (not supported)" },
	{ "mem-bw-schema", NULL, CMD_FLAG_STRING, &mem_bw, "intel RDT memory bandwidth schema (not supported)" },
};

/* An integer, or with memory units (runc's RAMInBytes: 1024-based, "k", "kb", "kib"). */
static int parse_num(const char *flag, const char *s, bool units, char out[32], struct px_error *err)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (end == s || errno)
		return px_err(err, 0, "invalid value \"%s\" for flag --%s", s, flag);
	if (*end && units) {
		static const char suffixes[] = "bkmgtp";
		const char *p = strchr(suffixes, tolower((unsigned char)*end));
		if (!p || v < 0)
			return px_err(err, 0, "invalid value \"%s\" for flag --%s", s, flag);
		/* a value the unit takes past 2^63 is refused, not wrapped ("17179869185g"
		 * would otherwise come out as 1 GiB) */
		for (long i = p - suffixes; i > 0; i--) {
			if (v > LLONG_MAX / 1024)
				return px_err(err, 0, "invalid value \"%s\" for flag --%s: too large", s, flag);
			v *= 1024;
		}
		end++;
		if (*end && strcasecmp(end, "b") && strcasecmp(end, "ib"))
			return px_err(err, 0, "invalid value \"%s\" for flag --%s", s, flag);
		end += strlen(end);
	}
	if (*end)
		return px_err(err, 0, "invalid value \"%s\" for flag --%s", s, flag);
	snprintf(out, 32, "%lld", v);
	return 0;
}

/* Append "key":value to a JSON object under construction. */
static void add(char **doc, bool *first, const char *key, const char *value, bool quote)
{
	char *n = px_asprintf("%s%s\"%s\":%s%s%s", *doc, *first ? "" : ",", key, quote ? "\"" : "", value,
	                      quote ? "\"" : "");
	free(*doc);
	*doc = n;
	*first = false;
}

enum kind { NUM, BYTES, STR };

struct numflag {
	const char *flag, *value, *key;
	enum kind kind;
};

static int section(const char *name, const struct numflag *f, size_t n, char **doc, bool *doc_first,
                   struct px_error *err)
{
	_cleanup_free_ char *obj = px_xstrdup("");
	bool first = true;

	for (size_t i = 0; i < n; i++) {
		char num[32];
		if (!f[i].value)
			continue;
		if (f[i].kind == STR) {
			/* the parser checks the list itself; only keep the JSON well-formed */
			if (strpbrk(f[i].value, "\"\\"))
				return px_err(err, 0, "invalid value \"%s\" for flag --%s", f[i].value, f[i].flag);
			add(&obj, &first, f[i].key, f[i].value, true);
			continue;
		}
		if (parse_num(f[i].flag, f[i].value, f[i].kind == BYTES, num, err) < 0)
			return -1;
		add(&obj, &first, f[i].key, num, false);
	}
	if (!first) {
		_cleanup_free_ char *wrapped = px_asprintf("{%s}", obj);
		add(doc, doc_first, name, wrapped, false);
	}
	return 0;
}

static int flags_document(char **out, struct px_error *err)
{
	const struct numflag cpu[] = {
		{ "cpu-share", cpu_share, "shares", NUM },
		{ "cpu-quota", cpu_quota, "quota", NUM },
		{ "cpu-period", cpu_period, "period", NUM },
		{ "cpu-burst", cpu_burst, "burst", NUM },
		{ "cpu-idle", cpu_idle, "idle", NUM },
		{ "cpu-rt-runtime", cpu_rt_runtime, "realtimeRuntime", NUM },
		{ "cpu-rt-period", cpu_rt_period, "realtimePeriod", NUM },
		{ "cpuset-cpus", cpuset_cpus, "cpus", STR },
		{ "cpuset-mems", cpuset_mems, "mems", STR },
	};
	const struct numflag mem[] = {
		{ "memory", memory, "limit", BYTES },
		{ "memory-reservation", memory_reservation, "reservation", BYTES },
		{ "memory-swap", memory_swap, "swap", BYTES },
	};
	const struct numflag pids[] = { { "pids-limit", pids_limit, "limit", NUM } };
	const struct numflag blkio[] = { { "blkio-weight", blkio_weight, "weight", NUM } };
	_cleanup_free_ char *doc = px_xstrdup("");
	bool first = true;

	if (section("cpu", cpu, sizeof cpu / sizeof cpu[0], &doc, &first, err) < 0 || section("memory", mem, 3, &doc, &first, err) < 0 ||
	    section("pids", pids, 1, &doc, &first, err) < 0 || section("blockIO", blkio, 1, &doc, &first, err) < 0)
		return -1;
	*out = px_asprintf("{%s}", doc);
	return 0;
}

static int read_document(char **doc, size_t *len, struct px_error *err)
{
	if (!strcmp(resources, "-"))
		return px_read_fd_max(0, "standard input", PX_INPUT_MAX, doc, len, err) < 0 ? px_err_prefix(err, "--resources")
		                                                                             : 0;
	return px_read_regular_at(AT_FDCWD, resources, 0, PX_INPUT_MAX, doc, len, err) < 0
	               ? px_err_prefix(err, "--resources")
	               : 0;
}

static int run(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct px_error err = { 0 };
	_cleanup_free_ char *doc = NULL;
	struct spec_resources r;
	size_t len = 0;
	int npos, rc;
	bool any_flag;

	if (cmd_parse_args(ctx, &cmd_update_desc, argc, argv, 1, 1, &npos, &rc) < 0)
		return rc;
	any_flag = blkio_weight || cpu_period || cpu_quota || cpu_burst || cpu_idle || cpu_share || cpu_rt_period ||
	           cpu_rt_runtime ||
	           cpuset_cpus || cpuset_mems || memory || memory_reservation || memory_swap || pids_limit;
	if (cmd_check_id(argv[0], &err) < 0)
		return cmd_fail(ctx, argv[0], &err);
	if (l3_cache || mem_bw) {
		px_err(&err, 0, "--%s: intel RDT is not supported", l3_cache ? "l3-cache-schema" : "mem-bw-schema");
		return cmd_fail(ctx, argv[0], &err);
	}
	if (resources && any_flag)
		return cmd_usage_error(ctx, "--resources and the per-resource flags cannot be combined");
	if (resources ? read_document(&doc, &len, &err) < 0 : flags_document(&doc, &err) < 0)
		return cmd_fail(ctx, argv[0], &err);
	if (!resources)
		len = strlen(doc);
	if (spec_parse_resources_json(doc, len, &r, &err) < 0) {
		if (resources)
			px_err_prefix(&err, "--resources");
		return cmd_fail(ctx, argv[0], &err);
	}
	rc = rt_update(&ctx->g, argv[0], &r, &err);
	spec_resources_free(&r);
	return rc < 0 ? cmd_fail(ctx, argv[0], &err) : 0;
}

const struct cmd_desc cmd_update_desc = {
	.name = "update",
	.summary = "update container resource constraints",
	.args = "<container-id>",
	.flags = flags,
	.n_flags = sizeof flags / sizeof flags[0],
	.run = run,
};
