/* spec/annotations.h — the config.json annotations pidbox reads (listed by
 * `features`). Each is for what an engine can pass no other way; a command-line
 * flag, where there is one, wins. */
#ifndef PX_SPEC_ANNOTATIONS_H
#define PX_SPEC_ANNOTATIONS_H

/* pidbox's built-in init as pid 1 (like `--init`): "true" (or "1"), "group" (like
 * `--init-group`: signals go to the workload's process group), "false" (or "0"). */
#define SPEC_ANNOTATION_INIT "run.oci.pidbox.init"

#endif
