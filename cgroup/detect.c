/* cgroup/detect.c — which cgroup mode the host runs, and where its hierarchies are.
 *
 * Discovery is our own parse of /proc/self/mountinfo and /proc/cgroups, not libcgroup.
 * Measured on a hybrid host (9 cgroup hierarchies + cgroup2 at /unified), instructions
 * counted with `valgrind --tool=callgrind`, throwaway programs doing the same job
 * (mount point of every v1 controller + this process's cgroup in each), libcgroup
 * 2.0.2 linked statically as pidbox links it:
 *   empty main()                           125,366 total
 *   own parse (mountinfo + /proc/self/cgroup) 158,208 total,    32,531 in main
 *   libcgroup (cgroup_init + cgroup_get_subsys_mount_point
 *             + cgroup_get_current_controller_path per controller)
 *                                        1,195,257 total, 1,064,047 in main
 *                                                         (948,696 in cgroup_init alone)
 * pidbox is exec'd for every container operation, so the ~33x is paid every time; and
 * cgroup_init() cannot be skipped before any libcgroup call. libcgroup buys nothing
 * for the v1 walk either (readdir + cgroup.procs), so none of cgroup/ calls it.
 *
 * On a unified host mountinfo is not read at all: /sys/fs/cgroup is the only hierarchy.
 */
#include "cgroup/internal.h"

#include <errno.h>
#include <string.h>
#include <sys/statfs.h>
#include <linux/magic.h>

#include "util/cleanup.h"
#include "util/fs.h"

#define CG_ROOT "/sys/fs/cgroup"
#define CG_HYBRID_UNIFIED CG_ROOT "/unified"

static bool cached;
static struct cg_layout layout;

static int statfs_type(const char *path, long *type, struct px_error *err)
{
	struct statfs st;
	if (statfs(path, &st) < 0)
		return px_err(err, errno, "statfs %s", path);
	*type = (long)st.f_type;
	return 0;
}

static int detect_mode(enum cg_mode *mode, struct px_error *err)
{
	struct statfs u;
	long t = 0;

	if (statfs_type(CG_ROOT, &t, err) < 0)
		return -1;
	if (t == CGROUP2_SUPER_MAGIC) {
		*mode = CG_UNIFIED;
		return 0;
	}
	if (t != TMPFS_MAGIC)
		return px_err(err, 0, "%s is neither cgroup2 nor a tmpfs of v1 hierarchies", CG_ROOT);
	/* A missing /unified only means legacy. */
	if (statfs(CG_HYBRID_UNIFIED, &u) == 0 && u.f_type == CGROUP2_SUPER_MAGIC)
		*mode = CG_HYBRID;
	else
		*mode = CG_LEGACY;
	return 0;
}

bool cg_hier_has(const struct cg_hier *h, const char *ctrl)
{
	size_t len = strlen(ctrl);
	for (const char *p = h->ctrls; *p;) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		if (n == len && !memcmp(p, ctrl, len))
			return true;
		if (!comma)
			break;
		p = comma + 1;
	}
	return false;
}

/* mountinfo escapes space, tab, newline and backslash as \ooo. */
static void unescape_octal(char *s)
{
	char *w = s;
	for (char *r = s; *r; r++) {
		if (r[0] == '\\' && r[1] >= '0' && r[1] <= '3' && r[2] >= '0' && r[2] <= '7' &&
		    r[3] >= '0' && r[3] <= '7') {
			*w++ = (char)((r[1] - '0') * 64 + (r[2] - '0') * 8 + (r[3] - '0'));
			r += 3;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
}

/* Is word a controller listed enabled in /proc/cgroups? Super options of a v1 mount
 * mix controllers with flags (xattr, noprefix, release_agent=...); /proc/cgroups is
 * the kernel's own list of controller names, so it tells them apart. */
static bool is_controller(const char *proc_cgroups, const char *word, size_t len)
{
	for (const char *l = proc_cgroups; l && *l;) {
		const char *nl = strchr(l, '\n');
		size_t n = strcspn(l, "\t\n");
		if (*l != '#' && n == len && !memcmp(l, word, len)) {
			/* last column is "enabled" */
			const char *end = nl ? nl : l + strlen(l);
			return end > l && end[-1] == '1';
		}
		l = nl ? nl + 1 : NULL;
	}
	return false;
}

/* Keep the controller words of a super-option string; "" when none (named hierarchy). */
static char *controllers_of(const char *opts, const char *proc_cgroups)
{
	char *out = px_xcalloc(1, strlen(opts) + 1);
	for (const char *p = opts; *p;) {
		size_t n = strcspn(p, ",");
		if (is_controller(proc_cgroups, p, n)) {
			if (*out)
				strcat(out, ",");
			strncat(out, p, n);
		}
		p += n;
		if (*p == ',')
			p++;
	}
	return out;
}

static bool has_option(const char *opts, const char *want)
{
	size_t n = strlen(want);
	for (const char *p = opts; *p;) {
		size_t len = strcspn(p, ",");
		if (len == n && !memcmp(p, want, n))
			return true;
		p += len;
		if (*p == ',')
			p++;
	}
	return false;
}

static void add_hier(char *mnt, char *ctrls, bool v2)
{
	layout.hier = px_xrealloc(layout.hier, (layout.n + 1) * sizeof *layout.hier);
	layout.hier[layout.n++] = (struct cg_hier){ .mnt = mnt, .ctrls = ctrls, .v2 = v2 };
}

static bool have_mnt(const char *mnt)
{
	for (size_t i = 0; i < layout.n; i++)
		if (!strcmp(layout.hier[i].mnt, mnt))
			return true;
	return false;
}

/* v1 hierarchies from mountinfo. A hierarchy mounted twice (bind mounts) is kept once;
 * co-mounted controllers ("cpu,cpuacct") are one hierarchy, not two. */
static int scan_mountinfo(struct px_error *err)
{
	_cleanup_free_ char *info = NULL;
	_cleanup_free_ char *proc_cgroups = NULL;
	char *save = NULL;

	if (px_read_file("/proc/self/mountinfo", &info, NULL, err) < 0 ||
	    px_read_file("/proc/cgroups", &proc_cgroups, NULL, err) < 0)
		return -1;
	for (char *line = strtok_r(info, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		/* id parent major:minor root mountpoint opts [optional...] - fstype source superopts */
		char *sep = strstr(line, " - ");
		char *f[5], *p = line, *fstype, *superopts;
		_cleanup_free_ char *ctrls = NULL;

		if (!sep)
			continue;
		*sep = '\0';
		fstype = sep + 3;
		if (strncmp(fstype, "cgroup ", 7) != 0)
			continue;
		superopts = strrchr(fstype, ' ') + 1;
		for (int i = 0; i < 5; i++) {
			f[i] = strsep(&p, " ");
			if (!f[i])
				break;
		}
		if (!f[4])
			continue;
		unescape_octal(f[4]);
		ctrls = controllers_of(superopts, proc_cgroups);
		/* name=systemd carries no controller, but runc puts containers in it too,
		 * and without it the container would be shown (and, in a rw cgroup
		 * mount, handed) the host's own systemd cgroup. Other named hierarchies
		 * belong to whoever made them. */
		if (!*ctrls && has_option(superopts, "name=systemd")) {
			free(ctrls);
			ctrls = px_xstrdup("name=systemd");
		}
		if (!*ctrls || have_mnt(f[4]))
			continue;
		add_hier(px_xstrdup(f[4]), px_steal_ptr(&ctrls), false);
	}
	return 0;
}

int cg_layout_get(const struct cg_layout **out, struct px_error *err)
{
	if (!cached) {
		enum cg_mode mode;
		if (detect_mode(&mode, err) < 0)
			return px_err_prefix(err, "detect cgroup mode");
		layout.mode = mode;
		if (mode != CG_UNIFIED && scan_mountinfo(err) < 0)
			return px_err_prefix(err, "find cgroup hierarchies");
		if (mode == CG_UNIFIED)
			add_hier(px_xstrdup(CG_ROOT), px_xstrdup(""), true);
		else if (mode == CG_HYBRID)
			add_hier(px_xstrdup(CG_HYBRID_UNIFIED), px_xstrdup(""), true);
		cached = true;
	}
	*out = &layout;
	return 0;
}

int cg_detect(enum cg_mode *mode, struct px_error *err)
{
	const struct cg_layout *l;
	if (cg_layout_get(&l, err) < 0)
		return -1;
	*mode = l->mode;
	return 0;
}

/* Which line of /proc/self/cgroup a relative cgroupsPath is resolved against. runc
 * resolves it per v1 subsystem; pidbox keeps one path for every hierarchy, so it takes
 * the line of the hierarchy that holds the container's processes for kill and pids
 * (pids, else freezer), then name=systemd, then the first line. Unified: the "0::" line. */
int cg_own_cgroup_parse(const char *text, enum cg_mode mode, char **out, struct px_error *err)
{
	static const char *const v1_order[] = { "pids", "freezer", "name=systemd" };
	const char *best = NULL;
	size_t best_len = 0;
	int best_rank = 99;

	for (const char *l = text; l && *l;) {
		const char *nl = strchr(l, '\n');
		const char *end = nl ? nl : l + strlen(l);
		const char *c1 = memchr(l, ':', (size_t)(end - l));
		const char *c2 = c1 ? memchr(c1 + 1, ':', (size_t)(end - c1 - 1)) : NULL;
		int rank = 98;

		if (c2) {
			size_t clen = (size_t)(c2 - c1 - 1);
			if (mode == CG_UNIFIED) {
				rank = (clen == 0 && !strncmp(l, "0:", 2)) ? 0 : 99;
			} else if (clen) {
				for (int i = 0; i < 3; i++) {
					struct cg_hier h = { .ctrls = px_xstrdup(c1 + 1) };
					h.ctrls[clen] = '\0';
					if (cg_hier_has(&h, v1_order[i]) && i < rank)
						rank = i;
					free(h.ctrls);
				}
			} else {
				rank = 99; /* the cgroup2 line of a hybrid host */
			}
			if (rank < best_rank) {
				best_rank = rank;
				best = c2 + 1;
				best_len = (size_t)(end - c2 - 1);
			}
		}
		l = nl ? nl + 1 : NULL;
	}
	if (!best || best_rank == 99)
		return px_err(err, 0, "no usable line in /proc/self/cgroup");
	*out = strndup(best, best_len);
	if (!*out)
		return px_err(err, ENOMEM, "strndup");
	return 0;
}

int cg_own_cgroup(char **out, struct px_error *err)
{
	_cleanup_free_ char *text = NULL;
	enum cg_mode mode;

	if (cg_detect(&mode, err) < 0)
		return -1;
	if (px_read_file("/proc/self/cgroup", &text, NULL, err) < 0)
		return -1;
	return cg_own_cgroup_parse(text, mode, out, err);
}
