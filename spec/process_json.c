/* spec/process_json.c — a standalone process object, see spec/process.h. */
#include "spec/process.h"

#include <string.h>

#include "spec/json_walk.h"
#include "spec/parse.h"
#include "util/cleanup.h"
#include "util/fs.h"

int spec_parse_process_json(const char *json, size_t len, struct spec_config *c, struct px_error *err)
{
	_cleanup_json_ yajl_val root = spec_json_parse(json, len, err);
	/* Parsed into a config of its own, so that one free (spec_config_free) releases
	 * whatever half-built process a failure leaves, and the old process after the
	 * swap, without a second freeing routine to keep in step with the struct. */
	struct spec_config *tmp;
	struct spec_process old;

	if (!root)
		return -1;
	tmp = px_xcalloc(1, sizeof *tmp);
	if (spec_parse_process(root, &tmp->process, err) < 0) {
		spec_config_free(tmp);
		return -1;
	}
	old = c->process;
	c->process = tmp->process;
	c->has_process = true;
	tmp->process = old;
	spec_config_free(tmp);
	return 0;
}
