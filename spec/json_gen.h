/* spec/json_gen.h — thin helpers over yajl_gen for the JSON pidbox writes
 * (internal to spec/). Generation into memory cannot fail except on bad UTF-8 or
 * misuse, both programming errors here, so the helpers return nothing. */
#ifndef PX_SPEC_JSON_GEN_H
#define PX_SPEC_JSON_GEN_H

#include <stdint.h>

#include <yajl/yajl_gen.h>

/* indent NULL: compact; else pretty-printed with that indent string. */
yajl_gen spec_gen_new(const char *indent);
/* Copies the text out (malloc'd, NUL-terminated, ending in "\n" when pretty) and
 * frees the generator. */
char *spec_gen_finish(yajl_gen g);

void spec_gen_str(yajl_gen g, const char *s);
void spec_gen_kstr(yajl_gen g, const char *key, const char *value); /* value NULL → "" */
void spec_gen_kint(yajl_gen g, const char *key, long long value);
void spec_gen_kuint(yajl_gen g, const char *key, uint64_t value);
void spec_gen_kbool(yajl_gen g, const char *key, int value);
/* Emit the key, then open a map or array. */
void spec_gen_kmap(yajl_gen g, const char *key);
void spec_gen_karray(yajl_gen g, const char *key);
/* A NULL-terminated list of strings as an array under key. */
void spec_gen_kstrv(yajl_gen g, const char *key, const char *const *v);

#endif
