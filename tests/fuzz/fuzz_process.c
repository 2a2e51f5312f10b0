/* tests/fuzz/fuzz_process.c — `exec -p process.json`: spec_parse_process_json(). */
#include "tests/fuzz/fuzz.h"

#include "spec/config.h"
#include "spec/process.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct px_error err = { 0 };
	struct spec_config *c = calloc(1, sizeof *c);

	if (!c)
		abort();
	if (spec_parse_process_json((const char *)data, size, c, &err) < 0)
		FUZZ_ONE_LINE(err.msg);
	spec_config_free(c);
	return 0;
}
