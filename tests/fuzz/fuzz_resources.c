/* tests/fuzz/fuzz_resources.c — `update --resources FILE`: spec_parse_resources_json(). */
#include "tests/fuzz/fuzz.h"

#include "spec/resources.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct px_error err = { 0 };
	struct spec_resources r;

	if (spec_parse_resources_json((const char *)data, size, &r, &err) < 0) {
		FUZZ_ONE_LINE(err.msg);
		return 0;
	}
	spec_resources_free(&r);
	return 0;
}
