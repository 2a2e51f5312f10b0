/* spec/seccomp_state.c — containerProcessState (see seccomp_state.h). */
#include "spec/seccomp_state.h"

#include <stdlib.h>
#include <string.h>

#include "spec/json_gen.h"
#include "util/fs.h"

char *spec_seccomp_process_state_json(const struct spec_state *st, pid_t pid, const char *metadata)
{
	static const char *const fds[] = { "seccompFd", NULL };
	yajl_gen g = spec_gen_new(NULL);
	char *head, *state, *out;
	size_t n;

	yajl_gen_map_open(g);
	spec_gen_kstr(g, "ociVersion", SPEC_OCI_VERSION);
	spec_gen_kstrv(g, "fds", fds);
	spec_gen_kint(g, "pid", pid);
	spec_gen_kstr(g, "metadata", metadata ? metadata : "");
	yajl_gen_map_close(g);
	head = spec_gen_finish(g);
	/* The state is the OCI state object, as `pidbox state` prints it. */
	state = spec_state_to_oci_json(st);
	n = strlen(head);
	while (n > 0 && head[n - 1] != '}')
		n--;
	out = px_asprintf("%.*s,\"state\":%s}", (int)(n - 1), head, state);
	free(head);
	free(state);
	return out;
}
