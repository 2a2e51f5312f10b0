/* tests/fuzz/fuzz_state.c — state.json, the record `state`/`list`/`delete` read
 * back (spec_state_parse_record), and its writers on what was read. */
#include "tests/fuzz/fuzz.h"

#include "spec/state.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct px_error err = { 0 };
	struct spec_state s;

	if (spec_state_parse_record((const char *)data, size, &s, &err) < 0) {
		FUZZ_ONE_LINE(err.msg);
		return 0;
	}
	/* what `state` prints must come out of it, and what the next write stores
	 * must read back */
	free(spec_state_to_oci_json(&s));
	char *again = spec_state_to_record_json(&s);
	struct spec_state s2;
	if (spec_state_parse_record(again, strlen(again), &s2, &err) < 0) {
		fprintf(stderr, "record written from a parsed record does not parse: %s\n%s\n", err.msg, again);
		abort();
	}
	spec_state_free(&s2);
	free(again);
	spec_state_free(&s);
	return 0;
}
