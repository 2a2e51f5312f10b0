/* tests/unit/test_ns_mount_safe.c — ns/mount_safe.c: paths resolved and created
 * inside a root never leave it, whatever symlinks the "image" holds. Needs no
 * privilege: it works on a temporary directory. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "ns/rootfs_internal.h"
#include "tests/unit/unit.h"
#include "util/fs.h"

static char root[] = "/tmp/px-mount-safe-XXXXXX";
static int rootfd = -1;

static bool exists_in_root(const char *rel, mode_t type)
{
	struct stat st;

	return fstatat(rootfd, rel, &st, AT_SYMLINK_NOFOLLOW) == 0 && (st.st_mode & S_IFMT) == type;
}

/* Does this kernel (or valgrind, which lacks it) have openat2? Without it
 * ns/mount_safe.c takes its fallback, which refuses every symlink instead of
 * resolving it inside the root: both are safe, and each is checked as such. */
static bool have_openat2(void)
{
	struct open_how how = { .flags = O_PATH | O_CLOEXEC };
	long fd = syscall(SYS_openat2, AT_FDCWD, "/", &how, sizeof how);

	if (fd >= 0)
		close((int)fd);
	return fd >= 0 || errno != ENOSYS;
}

static void setup(void)
{
	if (!mkdtemp(root))
		abort();
	rootfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0 || mkdirat(rootfd, "a", 0755) < 0 ||
	    symlinkat("/../../../..", rootfd, "esc") < 0 || symlinkat("/a", rootfd, "abs") < 0 ||
	    symlinkat("../../../tmp/px-nowhere", rootfd, "dang") < 0)
		abort();
}

static void test_create_through_absolute_symlink(void)
{
	struct px_error e;
	int fd = ns_create_in_root(rootfd, "/abs/b/c", NS_TARGET_DIR, &e);

	if (!have_openat2()) { /* the fallback refuses the symlink, and creates nothing */
		CHECK(fd < 0 && e.code == ELOOP);
		CHECK(!exists_in_root("a/b", S_IFDIR));
		return;
	}
	CHECK(fd >= 0);
	CHECK(exists_in_root("a/b/c", S_IFDIR));
	if (fd >= 0)
		close(fd);
}

static void test_escape_is_clamped_to_root(void)
{
	struct px_error e;
	int fd = ns_create_in_root(rootfd, "/esc/x", NS_TARGET_FILE, &e);

	if (!have_openat2()) { /* the fallback refuses the symlink, and creates nothing */
		CHECK(fd < 0 && e.code == ELOOP);
		CHECK(!exists_in_root("x", S_IFREG));
		return;
	}
	CHECK(fd >= 0);
	CHECK(exists_in_root("x", S_IFREG)); /* "/../../../.." is the root itself */
	if (fd >= 0)
		close(fd);
}

static void test_dotdot_clamped(void)
{
	struct px_error e;
	int fd = ns_create_in_root(rootfd, "../../../a/dd", NS_TARGET_DIR, &e);

	CHECK(fd >= 0);
	CHECK(exists_in_root("a/dd", S_IFDIR));
	if (fd >= 0)
		close(fd);
}

/* A dangling symlink's target is made, inside the root: "../../../tmp/px-nowhere"
 * from the root is the root's tmp/px-nowhere (runc's rule), never the host's. */
static void test_dangling_symlink_target_made_in_root(void)
{
	struct px_error e;
	struct stat st;
	int fd;

	/* a cwd (runc's MkdirAll) does not go through it */
	CHECK(ns_mkdir_in_root(rootfd, "/dang/y", &e) < 0);
	CHECK(e.code == ELOOP);
	CHECK(!exists_in_root("tmp/px-nowhere", S_IFDIR));
	fd = ns_create_in_root(rootfd, "/dang/y", NS_TARGET_DIR, &e);
	if (!have_openat2()) { /* the fallback refuses the symlink, and creates nothing */
		CHECK(fd < 0 && e.code == ELOOP);
		CHECK(!exists_in_root("tmp/px-nowhere", S_IFDIR));
		return;
	}

	CHECK(fd >= 0);
	CHECK(exists_in_root("tmp/px-nowhere/y", S_IFDIR));
	CHECK(stat("/tmp/px-nowhere", &st) < 0); /* nothing made on the "host" */
	if (fd >= 0)
		close(fd);
	/* a link to itself loops: refused with ELOOP, not followed forever */
	CHECK(symlinkat("loop", rootfd, "loop") == 0);
	CHECK(ns_create_in_root(rootfd, "/loop/y", NS_TARGET_DIR, &e) < 0);
	CHECK(e.code == ELOOP);
	CHECK_CONTAINS(e.msg, "/loop/y");
}

static void test_missing_is_enoent(void)
{
	struct px_error e;

	CHECK(ns_open_in_root(rootfd, "/no/such", O_PATH, &e) < 0);
	CHECK(e.code == ENOENT);
}

static void test_open_parent(void)
{
	struct px_error e;
	const char *path = "/a/q/node", *base = NULL;
	int fd = ns_open_parent_in_root(rootfd, path, &base, &e);

	CHECK(fd >= 0);
	CHECK_STR(base, "node");
	CHECK(exists_in_root("a/q", S_IFDIR));
	CHECK(!exists_in_root("a/q/node", S_IFREG));
	if (fd >= 0)
		close(fd);
	CHECK(ns_open_parent_in_root(rootfd, "/", &base, &e) < 0);
}

static void test_fallback_refuses_symlinks(void)
{
	struct px_error e;
	int fd;

	ns_mount_safe_no_openat2 = true;
	CHECK(ns_create_in_root(rootfd, "/abs/fb", NS_TARGET_DIR, &e) < 0);
	CHECK(e.code == ELOOP);
	CHECK(ns_open_in_root(rootfd, "/esc", O_PATH, &e) < 0);
	CHECK(e.code == ELOOP);
	fd = ns_create_in_root(rootfd, "/a/fb/../fb2", NS_TARGET_FILE, &e);
	CHECK(fd >= 0);
	CHECK(exists_in_root("a/fb2", S_IFREG));
	if (fd >= 0)
		close(fd);
	ns_mount_safe_no_openat2 = false;
}

/* For maskedPaths: no symlink anywhere on the path, last component included, with
 * openat2 and with the fallback; a real path still opens; lstat does not follow. */
static void test_no_symlinks_and_lstat(void)
{
	struct px_error e;
	struct stat st;
	int fd;

	for (int fallback = 0; fallback < 2; fallback++) {
		ns_mount_safe_no_openat2 = fallback;
		CHECK(ns_open_in_root_no_symlinks(rootfd, "/abs", O_PATH, &e) < 0 && e.code == ELOOP);
		CHECK(ns_open_in_root_no_symlinks(rootfd, "/abs/x", O_PATH, &e) < 0 && e.code == ELOOP);
		CHECK_CONTAINS(e.msg, "symlink");
		fd = ns_open_in_root_no_symlinks(rootfd, "/a", O_PATH, &e);
		CHECK(fd >= 0);
		if (fd >= 0)
			close(fd);
	}
	ns_mount_safe_no_openat2 = false;
	CHECK(ns_lstat_in_root(rootfd, "/abs", &st, &e) == 1 && S_ISLNK(st.st_mode));
	CHECK(ns_lstat_in_root(rootfd, "/a", &st, &e) == 1 && S_ISDIR(st.st_mode));
	CHECK(ns_lstat_in_root(rootfd, "/nope/x", &st, &e) == 0);
}

int main(void)
{
	struct px_error e;

	setup();
	RUN(test_create_through_absolute_symlink);
	RUN(test_escape_is_clamped_to_root);
	RUN(test_dotdot_clamped);
	RUN(test_dangling_symlink_target_made_in_root);
	RUN(test_missing_is_enoent);
	RUN(test_open_parent);
	RUN(test_fallback_refuses_symlinks);
	RUN(test_no_symlinks_and_lstat);
	close(rootfd);
	px_rm_rf_at(AT_FDCWD, root, &e);
	return unit_done();
}
