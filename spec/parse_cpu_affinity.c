/* spec/parse_cpu_affinity.c — process.execCPUAffinity (config.md, runtime-spec
 * 1.2): "initial" and "final" CPU lists in the kernel's list format ("0-3,7"). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "spec/json_walk.h"
#include "spec/parse.h"

int spec_parse_cpu_list(const char *s, cpu_set_t *out)
{
	CPU_ZERO(out);
	/* cpu_set_t is CPU_SETSIZE bits in unsigned longs, bit n in word n / bits-per-word */
	return spec_parse_bit_list(s, out->__bits, CPU_SETSIZE);
}

int spec_parse_bit_list(const char *s, unsigned long *bits, size_t nbits)
{
	const size_t word = 8 * sizeof *bits;

	memset(bits, 0, nbits / 8);
	if (!*s)
		return -1;
	for (;;) {
		char *end;
		unsigned long lo, hi;

		if (*s < '0' || *s > '9')
			return -1;
		errno = 0;
		lo = strtoul(s, &end, 10);
		hi = lo;
		if (*end == '-') {
			if (end[1] < '0' || end[1] > '9')
				return -1;
			hi = strtoul(end + 1, &end, 10);
		}
		if (errno || lo > hi || hi >= nbits)
			return -1;
		for (unsigned long c = lo; c <= hi; c++)
			bits[c / word] |= 1UL << (c % word);
		if (!*end)
			return 0;
		if (*end != ',')
			return -1;
		s = end + 1;
	}
}

static int parse_list(yajl_val obj, const char *key, bool *has, cpu_set_t *set, struct px_error *err)
{
	char path[SPEC_PATH_MAX], q[SPEC_QUOTE_MAX];
	yajl_val v = spec_json_field(obj, key);

	spec_path_key(path, "process.execCPUAffinity", key);
	if (!v)
		return 0;
	if (!YAJL_IS_STRING(v))
		return px_err(err, 0, "%s: must be a string like \"0-3,7\"", path);
	if (!*v->u.string) /* empty: the kernel decides, as absent */
		return 0;
	if (spec_parse_cpu_list(v->u.string, set) < 0)
		return px_err(err, 0, "%s: %s is not a CPU list like \"0-3,7\" (CPUs below %d)", path,
		              spec_quote(q, v->u.string), CPU_SETSIZE);
	*has = true;
	return 0;
}

int spec_parse_exec_cpu_affinity(yajl_val v, struct spec_process *p, struct px_error *err)
{
	yajl_val a = spec_json_field(v, "execCPUAffinity");

	if (!a)
		return 0;
	if (spec_json_need_object(a, "process.execCPUAffinity", err) < 0)
		return -1;
	if (parse_list(a, "initial", &p->has_exec_cpus_initial, &p->exec_cpus_initial, err) < 0 ||
	    parse_list(a, "final", &p->has_exec_cpus_final, &p->exec_cpus_final, err) < 0)
		return -1;
	return 0;
}
