/* tests/fuzz/fuzz_config.c — config.json: spec_parse_config(), the whole parser
 * behind create/run (every section, seccomp, hooks, mounts, resources). */
#include "tests/fuzz/fuzz.h"

#include "spec/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct px_error err = { 0 };
	struct spec_config *c = NULL;

	if (spec_parse_config((const char *)data, size, &c, &err) < 0) {
		FUZZ_ASSERT(c == NULL);
		FUZZ_ONE_LINE(err.msg);
		return 0;
	}
	FUZZ_ASSERT(c != NULL);
	spec_config_free(c);
	return 0;
}
