/* runtime/features.h — `pidbox features`: the runtime-spec features document.
 * spec/features.c writes it; this adds what only the lower rooms know (the mount
 * options ns/ implements) and facts of this build (linked library versions). */
#ifndef PX_RUNTIME_FEATURES_H
#define PX_RUNTIME_FEATURES_H

/* annotations: key, value, ..., NULL (the caller's own, e.g. the version).
 * Returns malloc'd JSON. */
char *rt_features_json(const char *const *annotations);

#endif
