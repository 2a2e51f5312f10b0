/* tests/fuzz/fuzz_mount_options.c — mounts[].options (ns/mount_options.c): the
 * input is split at NUL bytes into the options array. */
#include "tests/fuzz/fuzz.h"

#include "ns/rootfs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct px_error err = { 0 };
	struct ns_mount_flags m;
	char *text = fuzz_cstr(data, size);
	char *opts[64];
	size_t n = 0;

	for (size_t i = 0; i <= size && n < 64; i++)
		if (i == 0 || text[i - 1] == '\0')
			opts[n++] = text + i;
	if (ns_parse_mount_options(opts, n, &m, &err) == 0)
		ns_mount_flags_free(&m);
	else
		FUZZ_ONE_LINE(err.msg);
	free(text);
	return 0;
}
