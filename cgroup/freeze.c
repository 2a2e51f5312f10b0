/* cgroup/freeze.c — pause and resume: v2 writes cgroup.freeze and waits for the
 * kernel to report "frozen 1" (or 0) in cgroup.events, woken by POLLPRI, never by a
 * timer; v1 writes freezer.state and re-reads it until FROZEN/THAWED (the v1 freezer
 * sends no notification, so there the wait is short naps, bounded). */
#include "cgroup/apply.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "util/cleanup.h"
#include "util/fs.h"

#define CG_FREEZE_TIMEOUT_MS 10000

/* Value of "key N" in a flat keyed file already read. */
static bool events_flag(const char *text, const char *key)
{
	size_t n = strlen(key);
	for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (!strncmp(p, key, n) && p[n] == ' ')
			return p[n + 1] != '0';
	return false;
}

static int v2_frozen(int fd, const char *file, bool *frozen, struct px_error *err)
{
	char buf[512];
	ssize_t n = pread(fd, buf, sizeof buf - 1, 0);

	if (n < 0)
		return px_err(err, errno, "read %s", file);
	buf[n] = '\0';
	*frozen = events_flag(buf, "frozen");
	return 0;
}

static int v2_freeze(const struct cg_dir *d, bool frozen, struct px_error *err)
{
	_cleanup_free_ char *events = px_asprintf("%s/cgroup.events", d->abs);
	_cleanup_close_ int fd = open(events, O_RDONLY | O_CLOEXEC);
	struct timespec deadline;
	bool now;

	if (fd < 0)
		return px_err(err, errno, "open %s", events);
	if (cg_knob_write(d->abs, "cgroup.freeze", frozen ? "1" : "0", "cgroup.freeze", err) < 0)
		return -1;
	cg_deadline_in(&deadline, CG_FREEZE_TIMEOUT_MS);
	/* kernfs flags a change of cgroup.events with POLLPRI; each read re-arms it */
	while (v2_frozen(fd, events, &now, err) == 0 && now != frozen) {
		struct pollfd pfd = { .fd = fd, .events = POLLPRI };
		long left = cg_ms_left(&deadline);
		if (left <= 0)
			return px_err(err, ETIMEDOUT, "%s: not %s after %d s", events, frozen ? "frozen" : "thawed",
			              CG_FREEZE_TIMEOUT_MS / 1000);
		if (poll(&pfd, 1, (int)left) < 0 && errno != EINTR)
			return px_err(err, errno, "poll %s", events);
	}
	return now == frozen ? 0 : -1;
}

static int v1_freeze(const struct cg_dir *d, bool frozen, struct px_error *err)
{
	const char *want = frozen ? "FROZEN" : "THAWED";
	struct timespec deadline;

	if (cg_knob_write(d->abs, "freezer.state", want, "freezer.state", err) < 0)
		return -1;
	cg_deadline_in(&deadline, CG_FREEZE_TIMEOUT_MS);
	for (unsigned attempt = 0;; attempt++) {
		_cleanup_free_ char *state = NULL;
		if (cg_knob_read(d->abs, "freezer.state", &state, err) < 0)
			return -1;
		if (!strcmp(state, want))
			return 0;
		if (cg_ms_left(&deadline) <= 0) {
			/* do not leave a half-frozen container behind */
			if (frozen)
				cg_knob_write(d->abs, "freezer.state", "THAWED", "freezer.state", &(struct px_error){ 0 });
			return px_err(err, ETIMEDOUT, "%s/freezer.state stays %s", d->abs, state);
		}
		cg_short_nap(attempt);
	}
}

int cg_freeze(struct cg_handle *h, bool frozen, struct px_error *err)
{
	const struct cg_dir *d;

	if (h->mode == CG_UNIFIED) {
		if (!(d = cg_v2_dir(h)))
			return px_err(err, 0, "cgroup: no cgroup2 directory");
		return v2_freeze(d, frozen, err) < 0 ? px_err_prefix(err, "cgroup") : 0;
	}
	if (!(d = cg_v1_dir(h, "freezer")))
		return px_err(err, 0, "cgroup: the freezer controller is not mounted on this host (cgroup v1)");
	return v1_freeze(d, frozen, err) < 0 ? px_err_prefix(err, "cgroup") : 0;
}

int cg_is_frozen(struct cg_handle *h, bool *frozen, struct px_error *err)
{
	const struct cg_dir *d;
	_cleanup_free_ char *s = NULL;

	*frozen = false;
	if (h->mode == CG_UNIFIED) {
		if (!(d = cg_v2_dir(h)) || cg_knob_read(d->abs, "cgroup.events", &s, err) < 0)
			return d && err->code != ENOENT ? -1 : 0;
		*frozen = events_flag(s, "frozen");
		return 0;
	}
	if (!(d = cg_v1_dir(h, "freezer")) || cg_knob_read(d->abs, "freezer.state", &s, err) < 0)
		return d && err->code != ENOENT ? -1 : 0;
	/* FREEZING counts as paused: nothing there runs as it should */
	*frozen = strcmp(s, "THAWED") != 0;
	return 0;
}
