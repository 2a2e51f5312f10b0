/* tests/unit/test_cgroup_path.c — cgroup/path.c: where a container's cgroup goes. */
#include <stdlib.h>

#include "cgroup/internal.h"
#include "tests/unit/unit.h"

static char *res;
static struct px_error err;

/* resolve, keeping the result (or NULL) in res; returns the function's result */
static int resolve(const char *cp, const char *id, bool sd, const char *own)
{
	free(res);
	res = NULL;
	px_err_clear(&err);
	return cg_resolve_path_own(cp, id, sd, own, &res, &err);
}

static void test_absent(void)
{
	CHECK(resolve(NULL, "c1", false, NULL) == 0);
	CHECK_STR(res, "/pidbox/c1");
	CHECK(resolve("", "c1", false, NULL) == 0);
	CHECK_STR(res, "/pidbox/c1");
}

static void test_absolute(void)
{
	CHECK(resolve("/a/b", "c1", false, "/ignored") == 0);
	CHECK_STR(res, "/a/b");
	CHECK(resolve("//a///b/./", "c1", false, NULL) == 0);
	CHECK_STR(res, "/a/b");
}

static void test_relative(void)
{
	CHECK(resolve("x/y", "c1", false, "/user.slice/session-1.scope") == 0);
	CHECK_STR(res, "/user.slice/session-1.scope/x/y");
	CHECK(resolve("x", "c1", false, "/") == 0);
	CHECK_STR(res, "/x");
	CHECK(resolve("x", "c1", false, NULL) == -1);
}

static void test_dotdot(void)
{
	CHECK(resolve("/a/../b", "c1", false, NULL) == -1);
	CHECK_CONTAINS(err.msg, "\"..\"");
	CHECK(resolve("..", "c1", false, "/own") == -1);
	CHECK(resolve("/a/..b/c", "c1", false, NULL) == 0); /* a name, not a climb */
	CHECK_STR(res, "/a/..b/c");
}

static void test_root_refused(void)
{
	CHECK(resolve("/", "c1", false, NULL) == -1);
	CHECK_CONTAINS(err.msg, "root");
	CHECK(resolve(".", "c1", false, "/") == -1);
}

static void test_systemd(void)
{
	CHECK(resolve("machine.slice:libpod:abc", "c1", true, NULL) == 0);
	CHECK_STR(res, "/machine.slice/libpod-abc.scope");
	CHECK(resolve("a-b.slice:docker:x", "c1", true, NULL) == 0);
	CHECK_STR(res, "/a.slice/a-b.slice/docker-x.scope");
	CHECK(resolve("a-b-c.slice:p:n", "c1", true, NULL) == 0);
	CHECK_STR(res, "/a.slice/a-b.slice/a-b-c.slice/p-n.scope");
	CHECK(resolve(":p:n", "c1", true, NULL) == 0);
	CHECK_STR(res, "/system.slice/p-n.scope");
	CHECK(resolve("-.slice:p:n", "c1", true, NULL) == 0);
	CHECK_STR(res, "/p-n.scope");
	CHECK(resolve("user.slice:p:my.slice", "c1", true, NULL) == 0);
	CHECK_STR(res, "/user.slice/my.slice");
	CHECK(resolve(NULL, "c1", true, NULL) == 0);
	CHECK_STR(res, "/system.slice/pidbox-c1.scope");
}

static void test_systemd_malformed(void)
{
	const char *bad[] = {
		"/a/b", "a:b", "a.slice:p:n:x", "machine.slice:p:", "machine.slice::n",
		"machine:p:n", "a--b.slice:p:n", "-a.slice:p:n", "a-.slice:p:n", ".slice:p:n",
		"a/b.slice:p:n", "m.slice:p:n/x", "m.slice:p/q:n", "x.slice:p:n:",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		if (resolve(bad[i], "c1", true, NULL) != -1)
			fprintf(stderr, "  accepted: %s -> %s\n", bad[i], res);
		CHECK(err.msg[0] != '\0');
		CHECK_CONTAINS(err.msg, bad[i]);
	}
	CHECK(resolve("a:b", "c1", true, NULL) == -1);
	CHECK_CONTAINS(err.msg, "slice:prefix:name");
}

static void test_own_cgroup_parse(void)
{
	const char *hybrid = "9:name=systemd:/sd\n8:pids:/p\n6:freezer:/f\n"
	                     "4:memory:/process_api/x\n1:cpu:/\n0::/u\n";
	char *own = NULL;
	CHECK(cg_own_cgroup_parse(hybrid, CG_HYBRID, &own, &err) == 0);
	CHECK_STR(own, "/p");
	free(own);
	CHECK(cg_own_cgroup_parse("6:freezer:/f\n3:cpu,cpuacct:/c\n", CG_LEGACY, &own, &err) == 0);
	CHECK_STR(own, "/f");
	free(own);
	CHECK(cg_own_cgroup_parse("3:cpu,cpuacct:/c\n", CG_LEGACY, &own, &err) == 0);
	CHECK_STR(own, "/c");
	free(own);
	CHECK(cg_own_cgroup_parse("0::/user.slice/a.scope\n", CG_UNIFIED, &own, &err) == 0);
	CHECK_STR(own, "/user.slice/a.scope");
	free(own);
	CHECK(cg_own_cgroup_parse("0::/u\n", CG_LEGACY, &own, &err) == -1);
}

int main(void)
{
	RUN(test_absent);
	RUN(test_absolute);
	RUN(test_relative);
	RUN(test_dotdot);
	RUN(test_root_refused);
	RUN(test_systemd);
	RUN(test_systemd_malformed);
	RUN(test_own_cgroup_parse);
	free(res);
	return unit_done();
}
