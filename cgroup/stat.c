#include "cgroup/stat.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup/internal.h"
#include "util/cleanup.h"
#include "util/fs.h"

int cg_cpu_stat_parse(const char *text, struct cg_cpu_stat *out, struct px_error *err)
{
	const char *line = text;
	int seen = 0;

	memset(out, 0, sizeof *out);
	while (line && *line) {
		char key[64];
		unsigned long long v;
		if (sscanf(line, "%63s %llu", key, &v) == 2) {
			if (!strcmp(key, "nr_periods"))
				out->nr_periods = v, seen |= 1;
			else if (!strcmp(key, "nr_throttled"))
				out->nr_throttled = v, seen |= 2;
			else if (!strcmp(key, "throttled_usec"))
				out->throttled_usec = v, seen |= 4;
			else if (!strcmp(key, "throttled_time")) /* v1: nanoseconds */
				out->throttled_usec = v / 1000, seen |= 4;
		}
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	if (seen != 7)
		return px_err(err, 0, "cpu.stat: no throttling counters (nr_periods, nr_throttled, throttled_*)");
	return 0;
}

/* The dir whose cpu.stat has the CFS counters: cgroup2 (unified, or a hybrid
 * host whose cgroup2 mount carries cpu), else the v1 hierarchy with "cpu". */
static const struct cg_dir *cpu_dir(const struct cg_handle *h)
{
	for (size_t i = 0; i < h->ndirs; i++) {
		const struct cg_hier *hi = h->dirs[i].hier;
		if (!hi->v2 && cg_hier_has(hi, "cpu"))
			return &h->dirs[i];
	}
	for (size_t i = 0; i < h->ndirs; i++)
		if (h->dirs[i].hier->v2)
			return &h->dirs[i];
	return NULL;
}

int cg_cpu_stat(const struct cg_handle *h, struct cg_cpu_stat *out, struct px_error *err)
{
	const struct cg_dir *d = cpu_dir(h);
	_cleanup_free_ char *path = NULL, *text = NULL;

	if (!d)
		return px_err_plain(err, ENOENT, "cgroup: no hierarchy with the cpu controller");
	path = px_asprintf("%s/cpu.stat", d->abs);
	if (px_read_file(path, &text, NULL, err) < 0)
		return px_err_prefix(err, "cgroup");
	if (cg_cpu_stat_parse(text, out, err) < 0)
		return px_err_prefix(err, "cgroup: %s", path);
	return 0;
}
