/* tests/unit/test_spec_cpu_affinity.c — spec/parse_cpu_affinity.c: the kernel's
 * CPU list format of process.execCPUAffinity. */
#include "tests/unit/unit.h"

#include <stdlib.h>

#include "spec/config.h"
#include "spec/parse.h"

static void test_cpu_list(void)
{
	cpu_set_t s;
	const char *bad[] = { "", "a", "1-", "-1", "3-1", "1,,2", "1,", "0-1024", "1 2", "+1" };

	CHECK(spec_parse_cpu_list("0-3,7", &s) == 0);
	CHECK(CPU_COUNT(&s) == 5 && CPU_ISSET(0, &s) && CPU_ISSET(3, &s) && CPU_ISSET(7, &s) && !CPU_ISSET(4, &s));
	CHECK(spec_parse_cpu_list("1023", &s) == 0 && CPU_ISSET(1023, &s) && CPU_COUNT(&s) == 1);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (spec_parse_cpu_list(bad[i], &s) == 0)
			fprintf(stderr, "  accepted \"%s\"\n", bad[i]);
		CHECK(spec_parse_cpu_list(bad[i], &s) < 0);
	}
}

static void test_in_config(void)
{
	const char ok[] = "{\"ociVersion\":\"1.2.0\",\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"x\"],\"cwd\":\"/\","
	                  "\"execCPUAffinity\":{\"initial\":\"0\",\"final\":\"\"}},"
	                  "\"linux\":{\"namespaces\":[{\"type\":\"mount\"}]}}";
	const char bad[] = "{\"ociVersion\":\"1.2.0\",\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"x\"],\"cwd\":\"/\","
	                   "\"execCPUAffinity\":{\"final\":\"x\"}},\"linux\":{\"namespaces\":[{\"type\":\"mount\"}]}}";
	struct spec_config *c = NULL;
	struct px_error err = { 0 };

	CHECK(spec_parse_config(ok, sizeof ok - 1, &c, &err) == 0);
	if (c) {
		CHECK(c->process.has_exec_cpus_initial && CPU_ISSET(0, &c->process.exec_cpus_initial));
		CHECK(!c->process.has_exec_cpus_final); /* "" is as absent */
	}
	spec_config_free(c);
	CHECK(spec_parse_config(bad, sizeof bad - 1, &c, &err) < 0);
	CHECK_CONTAINS(err.msg, "process.execCPUAffinity.final");
}

int main(void)
{
	RUN(test_cpu_list);
	RUN(test_in_config);
	return unit_done();
}
