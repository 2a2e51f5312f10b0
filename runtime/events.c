/* runtime/events.c — `pidbox events`: the container's resource statistics once
 * (--stats) or as a stream, one JSON object per line like runc's: a "stats" event
 * every interval and an "oom" event whenever the kernel OOM-killed a process of the
 * container since the last look. The stream ends when the container stops. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runtime/launch.h"
#include "spec/stats.h"
#include "util/cleanup.h"

static int open_running(const struct rt_global *g, const char *id, struct cg_handle **cg, struct px_error *err)
{
	struct rt_container ct;
	int rc = -1;

	if (rt_container_load(g, id, false, &ct, err) < 0)
		return -1;
	if (!strcmp(ct.st.status, "stopped"))
		px_err(err, 0, "container is stopped");
	else if (!ct.st.cgroup_path)
		px_err(err, 0, "container has no cgroup");
	else
		rc = cg_open(ct.st.cgroup_path, cg, err);
	rt_container_release(&ct);
	return rc;
}

static int print_event(char *json)
{
	int rc = fputs(json, stdout) < 0 || fflush(stdout) ? -1 : 0;
	free(json);
	return rc;
}

/* Still there and not stopped? */
static bool alive(const struct rt_global *g, const char *id)
{
	struct rt_container ct;
	struct px_error e;
	bool yes;

	if (rt_container_load(g, id, false, &ct, &e) < 0)
		return false;
	yes = strcmp(ct.st.status, "stopped") != 0;
	rt_container_release(&ct);
	return yes;
}

int rt_events(const struct rt_global *g, const char *id, bool once, long interval_ms, struct px_error *err)
{
	struct cg_handle *cg = NULL;
	struct spec_stats s;
	uint64_t ooms = 0;
	bool first = true;

	if (open_running(g, id, &cg, err) < 0)
		return -1;
	for (;;) {
		if (cg_stats(cg, &s, err) < 0)
			break;
		if (!first && s.oom_kills > ooms && print_event(spec_event_json("oom", id)) < 0)
			goto broken;
		ooms = s.oom_kills;
		first = false;
		if (print_event(spec_stats_event_json(id, &s)) < 0)
			goto broken;
		spec_stats_free(&s);
		if (once || !alive(g, id))
			break;
		poll(NULL, 0, (int)interval_ms);
	}
	cg_close(cg);
	return 0;
broken:
	spec_stats_free(&s);
	cg_close(cg);
	return px_err(err, errno, "write to stdout");
}
