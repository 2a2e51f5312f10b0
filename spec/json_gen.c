/* spec/json_gen.c — yajl_gen helpers. */
#include "spec/json_gen.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/fs.h"

yajl_gen spec_gen_new(const char *indent)
{
	yajl_gen g = yajl_gen_alloc(NULL);

	if (!g)
		abort(); /* yajl only fails here on out-of-memory, which pidbox treats as fatal */
	if (indent) {
		yajl_gen_config(g, yajl_gen_beautify, 1);
		yajl_gen_config(g, yajl_gen_indent_string, indent);
	}
	return g;
}

char *spec_gen_finish(yajl_gen g)
{
	const unsigned char *buf;
	size_t len;
	char *out;

	yajl_gen_get_buf(g, &buf, &len);
	out = px_xmalloc(len + 1);
	memcpy(out, buf, len);
	out[len] = '\0';
	yajl_gen_free(g);
	return out;
}

void spec_gen_str(yajl_gen g, const char *s)
{
	if (!s)
		s = "";
	yajl_gen_string(g, (const unsigned char *)s, strlen(s));
}

void spec_gen_kstr(yajl_gen g, const char *key, const char *value)
{
	spec_gen_str(g, key);
	spec_gen_str(g, value);
}

void spec_gen_kint(yajl_gen g, const char *key, long long value)
{
	spec_gen_str(g, key);
	yajl_gen_integer(g, value);
}

void spec_gen_kuint(yajl_gen g, const char *key, uint64_t value)
{
	char num[32];
	int n = snprintf(num, sizeof num, "%" PRIu64, value);

	/* yajl_gen_integer takes long long; 2^64-1 must survive, so write the digits. */
	spec_gen_str(g, key);
	yajl_gen_number(g, num, (size_t)n);
}

void spec_gen_kbool(yajl_gen g, const char *key, int value)
{
	spec_gen_str(g, key);
	yajl_gen_bool(g, value);
}

void spec_gen_kmap(yajl_gen g, const char *key)
{
	spec_gen_str(g, key);
	yajl_gen_map_open(g);
}

void spec_gen_karray(yajl_gen g, const char *key)
{
	spec_gen_str(g, key);
	yajl_gen_array_open(g);
}

void spec_gen_kstrv(yajl_gen g, const char *key, const char *const *v)
{
	spec_gen_karray(g, key);
	for (; v && *v; v++)
		spec_gen_str(g, *v);
	yajl_gen_array_close(g);
}
