/* cgroup/freeze.c — pause and resume: v2 writes cgroup.freeze and waits for the
 * kernel to report "frozen 1" (or 0) in cgroup.events, woken by POLLPRI, never by a
 * timer; v1 writes freezer.state and re-reads it until FROZEN/THAWED (the v1 freezer
 * sends no notification, so there the wait is short naps, bounded). */
#include "cgroup/apply.h"
#include "cgroup/internal.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
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

/* The answer from dir's cgroup.events (v2) or freezer.state (v1), read into the
 * stack: a missing directory (a container half made or gone) is not frozen. */
static int read_frozen(const char *dir, bool v2, bool *frozen, struct px_error *err)
{
	char path[PATH_MAX], buf[512];
	ssize_t n;
	int fd;

	*frozen = false;
	if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, v2 ? "cgroup.events" : "freezer.state") >= sizeof path)
		return px_err(err, ENAMETOOLONG, "cgroup %s", dir);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? 0 : px_err(err, errno, "open %s", path);
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n < 0)
		return errno == ENODEV ? 0 : px_err(err, errno, "read %s", path);
	buf[n] = '\0';
	if (v2)
		*frozen = events_flag(buf, "frozen");
	else /* FREEZING counts as paused: nothing there runs as it should */
		*frozen = strncmp(buf, "THAWED", 6) != 0 || (buf[6] != '\n' && buf[6] != '\0');
	return 0;
}

int cg_is_frozen(struct cg_handle *h, bool *frozen, struct px_error *err)
{
	const struct cg_dir *d = h->mode == CG_UNIFIED ? cg_v2_dir(h) : cg_v1_dir(h, "freezer");

	*frozen = false;
	return d ? read_frozen(d->abs, h->mode == CG_UNIFIED, frozen, err) : 0;
}

/* cg_is_frozen without a handle: `list` asks it of every container, and a handle
 * (a path for each of the ~10 hierarchies, the v2 directory opened) cost ~16k
 * instructions per container where this reads one file. */
int cg_path_is_frozen(const char *path, bool *frozen, struct px_error *err)
{
	const struct cg_layout *l;
	_cleanup_free_ char *clean = NULL;
	char dir[PATH_MAX];

	*frozen = false;
	if (cg_layout_get(&l, err) < 0)
		return -1;
	if (!path || path[0] != '/' || cg_clean_path(path, &clean, err) < 0 || !strcmp(clean, "/"))
		return px_err(err, EINVAL, "cgroup path \"%s\" is not a container's", path ? path : "");
	for (size_t i = 0; i < l->n; i++) {
		const struct cg_hier *hh = &l->hier[i];
		if (l->mode == CG_UNIFIED ? !hh->v2 : hh->v2 || !cg_hier_has(hh, "freezer"))
			continue;
		if ((size_t)snprintf(dir, sizeof dir, "%s%s", hh->mnt, clean) >= sizeof dir)
			return px_err(err, ENAMETOOLONG, "cgroup %s", clean);
		return read_frozen(dir, hh->v2, frozen, err);
	}
	return 0;
}

/* One existing level: frozen, and *file says where that is read. v2: cgroup.freeze
 * is the level's own wish, cgroup.events "frozen" the state it also has from its
 * ancestors; v1: freezer.state FROZEN or FREEZING. */
static bool level_frozen(const char *dir, bool v2, char **file)
{
	_cleanup_free_ char *own = NULL, *events = NULL, *state = NULL;
	struct px_error ignored;

	if (v2 && cg_knob_read(dir, "cgroup.freeze", &own, &ignored) == 0 && strcmp(own, "0")) {
		*file = px_asprintf("%s/cgroup.freeze: %s", dir, own);
		return true;
	}
	if (v2 && cg_knob_read(dir, "cgroup.events", &events, &ignored) == 0 && events_flag(events, "frozen")) {
		*file = px_asprintf("%s/cgroup.events: frozen 1", dir);
		return true;
	}
	if (!v2 && cg_knob_read(dir, "freezer.state", &state, &ignored) == 0 && strcmp(state, "THAWED")) {
		*file = px_asprintf("%s/freezer.state: %s", dir, state);
		return true;
	}
	return false;
}

/* Would a process put in d be frozen? Read at d->abs or, when it does not exist
 * yet, at the deepest level of it that does (a cgroup is born frozen below a
 * frozen one). The hierarchy's root cannot be frozen and has no such files. */
static bool born_frozen(const struct cg_dir *d, char **file)
{
	_cleanup_free_ char *dir = px_xstrdup(d->abs);
	size_t root = strlen(d->hier->mnt);

	for (;;) {
		char *slash;
		if (access(dir, F_OK) == 0)
			return level_frozen(dir, d->hier->v2, file);
		slash = strrchr(dir, '/');
		if (!slash || (size_t)(slash - dir) <= root)
			return false;
		*slash = '\0';
	}
}

/* A create into a frozen cgroup would hang: the init freezes the moment it is
 * placed and never answers (issue 15; runc refuses it the same way). Refused
 * before anything is made, the cgroup left as it was. */
int cg_refuse_frozen(const struct cg_handle *h, struct px_error *err)
{
	for (size_t i = 0; i < h->ndirs; i++) {
		const struct cg_dir *d = &h->dirs[i];
		_cleanup_free_ char *file = NULL;
		if ((d->hier->v2 || cg_hier_has(d->hier, "freezer")) && born_frozen(d, &file))
			return px_err_plain(err, EBUSY,
			                    "%s is frozen (%s): a container there would hang in its setup; "
			                    "thaw it first (runc: \"container's cgroup unexpectedly frozen\")",
			                    h->path, file);
	}
	return 0;
}
