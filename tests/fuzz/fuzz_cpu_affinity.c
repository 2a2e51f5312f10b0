/* tests/fuzz/fuzz_cpu_affinity.c — process.execCPUAffinity's CPU lists
 * (spec_parse_cpu_list): "0-3,7"; every CPU set is below CPU_SETSIZE. */
#include "tests/fuzz/fuzz.h"

#include <sched.h>

#include "spec/config.h"
#include "spec/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);
	cpu_set_t set;

	if (spec_parse_cpu_list(s, &set) == 0)
		FUZZ_ASSERT(CPU_COUNT(&set) <= CPU_SETSIZE);
	free(s);
	return 0;
}
