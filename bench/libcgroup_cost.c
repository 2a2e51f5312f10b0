/* bench/libcgroup_cost.c — the same cgroup jobs done by pidbox's own code and by
 * libcgroup, for bench/libcgroup-cost to count instructions with callgrind.
 *
 *   libcgroup_cost none                      baseline: start and exit
 *   libcgroup_cost init-lib                  cgroup_init() alone (mount table scan)
 *   libcgroup_cost walk-own  MNT PATH        every pid below MNT/PATH (pidbox's walk)
 *   libcgroup_cost walk-lib  CTRL PATH       the same with libcgroup's tree walk + task
 *                                            iterator (cgroup_init first, as it must be)
 *   libcgroup_cost apply-own MNT PATH        write cpu.shares and cpu.cfs_quota_us
 *   libcgroup_cost apply-lib CTRL PATH       the same with cgroup_new_cgroup +
 *                                            cgroup_set_value_string + cgroup_modify_cgroup
 * Prints what it found, so both sides can be checked to do the same work. */
#include <libcgroup.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup/internal.h"
#include "util/fs.h"

static int walk_own(const char *mnt, const char *path)
{
	struct px_error err = { 0 };
	char *dir = px_asprintf("%s%s", mnt, path);
	pid_t *pids = NULL;
	size_t n = 0;

	if (cg_read_procs_tree(dir, &pids, &n, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	printf("%zu pids\n", n);
	free(pids);
	free(dir);
	return 0;
}

static int walk_lib(const char *ctrl, const char *path)
{
	void *walk = NULL;
	struct cgroup_file_info info;
	int lvl, n = 0, ret;
	char base[FILENAME_MAX];

	if (cgroup_init()) {
		fprintf(stderr, "cgroup_init failed\n");
		return 1;
	}
	ret = cgroup_walk_tree_begin(ctrl, path, 0, &walk, &info, &lvl);
	while (ret == 0) {
		if (info.type == CGROUP_FILE_TYPE_DIR) {
			void *tasks = NULL;
			pid_t pid;
			/* the task iterator wants the path below the mount point: from
			 * where the walk's own path starts in full_path */
			snprintf(base, sizeof base, "%s", info.full_path);
			char *mnt_rel = strstr(base, path);
			if (mnt_rel && cgroup_get_task_begin(mnt_rel, ctrl, &tasks, &pid) == 0) {
				do
					n++;
				while (cgroup_get_task_next(&tasks, &pid) == 0);
				cgroup_get_task_end(&tasks);
			}
		}
		ret = cgroup_walk_tree_next(0, &walk, &info, lvl);
	}
	cgroup_walk_tree_end(&walk);
	printf("%d pids\n", n);
	return 0;
}

static int apply_own(const char *mnt, const char *path)
{
	struct px_error err = { 0 };
	char *a = px_asprintf("%s%s/cpu.shares", mnt, path), *b = px_asprintf("%s%s/cpu.cfs_quota_us", mnt, path);
	int rc = px_write_knob_at(-100, a, "512", &err) < 0 || px_write_knob_at(-100, b, "50000", &err) < 0;

	if (rc)
		fprintf(stderr, "%s\n", err.msg);
	else
		printf("applied\n");
	free(a);
	free(b);
	return rc;
}

static int apply_lib(const char *ctrl, const char *path)
{
	struct cgroup *cg;
	struct cgroup_controller *c;
	int ret;

	if (cgroup_init()) {
		fprintf(stderr, "cgroup_init failed\n");
		return 1;
	}
	cg = cgroup_new_cgroup(path);
	c = cg ? cgroup_add_controller(cg, ctrl) : NULL;
	if (!c || cgroup_set_value_string(c, "cpu.shares", "512") ||
	    cgroup_set_value_string(c, "cpu.cfs_quota_us", "50000")) {
		fprintf(stderr, "libcgroup setup failed\n");
		return 1;
	}
	ret = cgroup_modify_cgroup(cg);
	cgroup_free(&cg);
	if (ret) {
		fprintf(stderr, "cgroup_modify_cgroup: %s\n", cgroup_strerror(ret));
		return 1;
	}
	printf("applied\n");
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "none"))
		return 0;
	if (argc == 2 && !strcmp(argv[1], "init-lib"))
		return cgroup_init() ? 1 : 0;
	if (argc != 4)
		return 2;
	if (!strcmp(argv[1], "walk-own"))
		return walk_own(argv[2], argv[3]);
	if (!strcmp(argv[1], "walk-lib"))
		return walk_lib(argv[2], argv[3]);
	if (!strcmp(argv[1], "apply-own"))
		return apply_own(argv[2], argv[3]);
	if (!strcmp(argv[1], "apply-lib"))
		return apply_lib(argv[2], argv[3]);
	return 2;
}
