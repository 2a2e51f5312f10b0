/* tests/fuzz/fuzz_signal.c — signal names and numbers of `kill` (cmd/signals.c):
 * whatever is accepted is a signal the kernel knows. */
#include "tests/fuzz/fuzz.h"

#include <signal.h>

#include "cmd/signals.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);
	int sig = -1;

	if (cmd_parse_signal(s, &sig) == 0)
		FUZZ_ASSERT(sig >= 0 && sig <= SIGRTMAX); /* 0 only checks the init exists, as in runc */
	free(s);
	return 0;
}
