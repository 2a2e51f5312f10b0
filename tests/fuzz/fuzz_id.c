/* tests/fuzz/fuzz_id.c — container ids (cmd_check_id): whatever is accepted names
 * one entry right under the state root, never a path elsewhere. */
#include "tests/fuzz/fuzz.h"

/* cmd/ objects are not in libpidbox.a (they hold main): compile the checker in. */
#include "cmd/flags.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct px_error err = { 0 };
	char *id = fuzz_cstr(data, size);

	if (cmd_check_id(id, &err) == 0) {
		FUZZ_ASSERT(id[0] != '\0' && strlen(id) <= CMD_ID_MAX);
		FUZZ_ASSERT(!strchr(id, '/') && strcmp(id, ".") != 0 && strcmp(id, "..") != 0);
	} else {
		FUZZ_ONE_LINE(err.msg);
	}
	free(id);
	return 0;
}
