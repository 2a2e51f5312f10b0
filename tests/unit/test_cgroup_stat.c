/* Unit tests for cgroup/stat.c's cpu.stat parser (v1 and v2 keys). */
#include "unit.h"

#include "cgroup/stat.h"

static void test_v2(void)
{
	struct cg_cpu_stat s;
	struct px_error err = { 0 };

	CHECK(cg_cpu_stat_parse("usage_usec 100\nuser_usec 60\nsystem_usec 40\nnr_periods 12\n"
	                        "nr_throttled 3\nthrottled_usec 4500\nnr_bursts 0\nburst_usec 0\n",
	                        &s, &err) == 0);
	CHECK(s.nr_periods == 12 && s.nr_throttled == 3 && s.throttled_usec == 4500);
}

static void test_v1(void)
{
	struct cg_cpu_stat s;
	struct px_error err = { 0 };

	CHECK(cg_cpu_stat_parse("nr_periods 5\nnr_throttled 2\nthrottled_time 7000000\n", &s, &err) == 0);
	CHECK(s.nr_periods == 5 && s.nr_throttled == 2 && s.throttled_usec == 7000);
}

static void test_no_cfs(void)
{
	struct cg_cpu_stat s;
	struct px_error err = { 0 };

	/* a cgroup2 dir without the cpu controller has only the usage lines */
	CHECK(cg_cpu_stat_parse("usage_usec 100\nuser_usec 60\nsystem_usec 40\n", &s, &err) < 0);
	CHECK_CONTAINS(err.msg, "no throttling counters");
}

int main(void)
{
	RUN(test_v2);
	RUN(test_v1);
	RUN(test_no_cfs);
	return unit_done();
}
