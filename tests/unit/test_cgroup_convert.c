/* tests/unit/test_cgroup_convert.c — cgroup/convert.c: spec values to cgroup files. */
#include "cgroup/convert.h"
#include "spec/resources.h"
#include "tests/unit/unit.h"

/* Known values of the log-space formula (computed independently, and the anchors
 * runc's and crun's own tests check: 2 → 1, 1024 → 100, 262144 → 10000). */
static void test_shares_to_weight_table(void)
{
	static const struct { uint64_t shares, weight; } table[] = {
		{ 0, 0 }, { 1, 1 }, { 2, 1 }, { 3, 2 }, { 10, 4 }, { 100, 17 }, { 512, 59 },
		{ 1024, 100 }, { 2048, 174 }, { 4096, 303 }, { 10000, 627 }, { 100000, 4340 },
		{ 262143, 10000 }, { 262144, 10000 }, { 1000000, 10000 },
	};
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
		uint64_t w = cg_shares_to_weight(table[i].shares);
		if (w != table[i].weight)
			fprintf(stderr, "  shares %lu: weight %lu, want %lu\n", (unsigned long)table[i].shares,
			        (unsigned long)w, (unsigned long)table[i].weight);
		CHECK(w == table[i].weight);
	}
}

static void test_shares_to_weight_monotonic(void)
{
	uint64_t prev = 1;
	for (uint64_t s = 2; s <= 262144; s += 97) {
		uint64_t w = cg_shares_to_weight(s);
		CHECK(w >= prev && w >= 1 && w <= 10000);
		prev = w;
	}
}

static void test_cpu_max(void)
{
	char out[CG_VALUE_MAX];

	CHECK(!cg_cpu_max(false, 0, false, 0, NULL, out));
	CHECK(!cg_cpu_max(true, 0, true, 0, "max 100000", out)); /* 0 is "not set" */
	CHECK(cg_cpu_max(true, 50000, true, 100000, NULL, out));
	CHECK_STR(out, "50000 100000");
	CHECK(cg_cpu_max(true, -1, true, 250000, NULL, out));
	CHECK_STR(out, "max 250000");
	/* quota alone keeps the period in place (update --cpu-quota) */
	CHECK(cg_cpu_max(true, 20000, false, 0, "max 250000\n", out));
	CHECK_STR(out, "20000 250000");
	/* period alone keeps the quota */
	CHECK(cg_cpu_max(false, 0, true, 50000, "20000 100000\n", out));
	CHECK_STR(out, "20000 50000");
	/* quota alone with no current file: the kernel's default period */
	CHECK(cg_cpu_max(true, 30000, false, 0, NULL, out));
	CHECK_STR(out, "30000 100000");
	CHECK(cg_cpu_max(true, -1, false, 0, "20000 100000", out));
	CHECK_STR(out, "max 100000");
}

static void test_parse_cpu_max(void)
{
	int64_t q;
	uint64_t p;
	CHECK(cg_parse_cpu_max("max 100000\n", &q, &p) == 0 && q == -1 && p == 100000);
	CHECK(cg_parse_cpu_max("5000 10000", &q, &p) == 0 && q == 5000 && p == 10000);
	CHECK(cg_parse_cpu_max("garbage", &q, &p) < 0);
	CHECK(cg_parse_cpu_max("5000", &q, &p) < 0);
}

static void test_limits(void)
{
	char out[CG_VALUE_MAX];
	cg_limit_v2(-1, out);
	CHECK_STR(out, "max");
	cg_limit_v2(-5, out);
	CHECK_STR(out, "max");
	cg_limit_v2(1048576, out);
	CHECK_STR(out, "1048576");
	cg_limit_v1(-7, out);
	CHECK_STR(out, "-1");
	cg_limit_v1(4096, out);
	CHECK_STR(out, "4096");
}

static void test_swap(void)
{
	struct px_error err = { 0 };
	bool set;
	int64_t v;

	CHECK(cg_swap_to_v2(0, 100, &set, &v, &err) == 0 && !set);
	CHECK(cg_swap_to_v2(-1, 100, &set, &v, &err) == 0 && set && v == -1);
	CHECK(cg_swap_to_v2(300, 100, &set, &v, &err) == 0 && set && v == 200);
	CHECK(cg_swap_to_v2(100, 100, &set, &v, &err) == 0 && set && v == 0);
	CHECK(cg_swap_to_v2(50, 100, &set, &v, &err) < 0);
	CHECK_CONTAINS(err.msg, "below memory.limit 100");
	CHECK(cg_swap_to_v2(300, 0, &set, &v, &err) < 0);
	CHECK_CONTAINS(err.msg, "needs a memory limit");
	CHECK(cg_swap_to_v2(300, -1, &set, &v, &err) < 0);
}

static void test_blkio_weight(void)
{
	CHECK(cg_blkio_to_io_weight(0) == 0);
	CHECK(cg_blkio_to_io_weight(10) == 1);
	CHECK(cg_blkio_to_io_weight(1000) == 10000);
	CHECK(cg_blkio_to_io_weight(500) == 1 + 490 * 9999 / 990);
}

static void test_rdma_max_line(void)
{
	char buf[64];

	cg_rdma_max_line(&(struct spec_res_rdma){ .device = "mlx5_0", .has_handles = true, .hca_handles = 3,
	                                          .has_objects = true, .hca_objects = 10000 },
	                 buf, sizeof buf);
	CHECK_STR(buf, "mlx5_0 hca_handle=3 hca_object=10000");
	cg_rdma_max_line(&(struct spec_res_rdma){ .device = "mlx4_0", .has_objects = true, .hca_objects = 7 },
	                 buf, sizeof buf);
	CHECK_STR(buf, "mlx4_0 hca_object=7");
	/* a line longer than the buffer is cut, never written past it */
	cg_rdma_max_line(&(struct spec_res_rdma){ .device = "mlx5_0", .has_handles = true, .hca_handles = 3 },
	                 buf, 8);
	CHECK_STR(buf, "mlx5_0 ");
}

int main(void)
{
	RUN(test_shares_to_weight_table);
	RUN(test_shares_to_weight_monotonic);
	RUN(test_cpu_max);
	RUN(test_parse_cpu_max);
	RUN(test_limits);
	RUN(test_swap);
	RUN(test_blkio_weight);
	RUN(test_rdma_max_line);
	return unit_done();
}
