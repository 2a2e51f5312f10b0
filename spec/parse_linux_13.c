/* spec/parse_linux_13.c — the linux members runtime-spec 1.3 added:
 * memoryPolicy (config-linux.md "Memory policy": set_mempolicy(2) for the
 * container's processes) and netDevices ("Network Devices": host interfaces
 * moved into the container's network namespace). Pure: names checked and
 * turned into the kernel's numbers here; what only the running kernel can say
 * (a node that is not online, a flag it does not take with a mode, an
 * interface that does not exist) is decided where it is applied. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spec/json_walk.h"
#include "spec/names.h"
#include "spec/parse.h"
#include "util/fs.h"

/* <linux/mempolicy.h>, spelled out: the libc headers here predate the last two
 * modes, and the numbers are the kernel's ABI. */
enum {
	MPOL_DEFAULT_ = 0,
	MPOL_PREFERRED_ = 1,
	MPOL_BIND_ = 2,
	MPOL_INTERLEAVE_ = 3,
	MPOL_LOCAL_ = 4,
	MPOL_PREFERRED_MANY_ = 5,
	MPOL_WEIGHTED_INTERLEAVE_ = 6,
};
#define MPOL_F_NUMA_BALANCING_ (1u << 13)
#define MPOL_F_RELATIVE_NODES_ (1u << 14)
#define MPOL_F_STATIC_NODES_ (1u << 15)

static const struct {
	const char *name;
	int mode;
	int nodes; /* 1: needs nodes, -1: takes none, 0: either (MPOL_PREFERRED: none is "local") */
} mpol_modes[] = {
	{ "MPOL_DEFAULT", MPOL_DEFAULT_, -1 },
	{ "MPOL_PREFERRED", MPOL_PREFERRED_, 0 },
	{ "MPOL_BIND", MPOL_BIND_, 1 },
	{ "MPOL_INTERLEAVE", MPOL_INTERLEAVE_, 1 },
	{ "MPOL_LOCAL", MPOL_LOCAL_, -1 },
	{ "MPOL_PREFERRED_MANY", MPOL_PREFERRED_MANY_, 1 },
	{ "MPOL_WEIGHTED_INTERLEAVE", MPOL_WEIGHTED_INTERLEAVE_, 1 },
};

static const struct {
	const char *name;
	unsigned int flag;
} mpol_flags[] = {
	{ "MPOL_F_NUMA_BALANCING", MPOL_F_NUMA_BALANCING_ },
	{ "MPOL_F_RELATIVE_NODES", MPOL_F_RELATIVE_NODES_ },
	{ "MPOL_F_STATIC_NODES", MPOL_F_STATIC_NODES_ },
};

const char *spec_mpol_mode_name(int mode)
{
	for (size_t i = 0; i < sizeof mpol_modes / sizeof mpol_modes[0]; i++)
		if (mpol_modes[i].mode == mode)
			return mpol_modes[i].name;
	return "?";
}

static int parse_mpol_flags(yajl_val v, struct spec_memory_policy *mp, struct px_error *err)
{
	char p[SPEC_PATH_MAX], q[SPEC_QUOTE_MAX];

	if (!v)
		return 0;
	if (!YAJL_IS_ARRAY(v))
		return px_err(err, 0, "linux.memoryPolicy.flags: must be an array of strings");
	for (size_t i = 0; i < v->u.array.len; i++) {
		yajl_val f = v->u.array.values[i];
		size_t j;
		spec_path_idx(p, "linux.memoryPolicy.flags", i);
		if (!YAJL_IS_STRING(f))
			return px_err(err, 0, "%s: must be a string", p);
		for (j = 0; j < sizeof mpol_flags / sizeof mpol_flags[0]; j++)
			if (!strcmp(f->u.string, mpol_flags[j].name))
				break;
		if (j == sizeof mpol_flags / sizeof mpol_flags[0])
			return px_err(err, 0, "%s: unknown flag %s", p, spec_quote(q, f->u.string));
		mp->flags |= mpol_flags[j].flag;
	}
	return 0;
}

/* set_mempolicy(2)'s rules that hold on every kernel; the rest (which flag goes
 * with which mode on this kernel, which nodes are online) the kernel says. */
static int check_mpol(const struct spec_memory_policy *mp, int nodes_rule, const char *mode, struct px_error *err)
{
	if (nodes_rule > 0 && !mp->has_nodes)
		return px_err(err, 0, "linux.memoryPolicy.nodes: required with %s", mode);
	if (nodes_rule < 0 && mp->has_nodes)
		return px_err(err, 0, "linux.memoryPolicy.nodes: %s takes no nodes", mode);
	if (nodes_rule < 0 && mp->flags)
		return px_err(err, 0, "linux.memoryPolicy.flags: %s takes no flags", mode);
	if ((mp->flags & MPOL_F_STATIC_NODES_) && (mp->flags & MPOL_F_RELATIVE_NODES_))
		return px_err(err, 0, "linux.memoryPolicy.flags: MPOL_F_STATIC_NODES and MPOL_F_RELATIVE_NODES "
		                      "exclude each other");
	return 0;
}

int spec_parse_memory_policy(yajl_val v, struct spec_memory_policy *mp, struct px_error *err)
{
	char q[SPEC_QUOTE_MAX];
	yajl_val mode, nodes;
	size_t i;

	if (!v)
		return 0;
	if (spec_json_need_object(v, "linux.memoryPolicy", err) < 0)
		return -1;
	mode = spec_json_field(v, "mode");
	if (!mode || !YAJL_IS_STRING(mode))
		return px_err(err, 0, "linux.memoryPolicy.mode: required, must be a string (MPOL_BIND, MPOL_INTERLEAVE...)");
	for (i = 0; i < sizeof mpol_modes / sizeof mpol_modes[0]; i++)
		if (!strcmp(mode->u.string, mpol_modes[i].name))
			break;
	if (i == sizeof mpol_modes / sizeof mpol_modes[0])
		return px_err(err, 0, "linux.memoryPolicy.mode: unknown mode %s", spec_quote(q, mode->u.string));
	mp->mode = mpol_modes[i].mode;
	nodes = spec_json_field(v, "nodes");
	if (nodes && !YAJL_IS_STRING(nodes))
		return px_err(err, 0, "linux.memoryPolicy.nodes: must be a string like \"0-3,7\"");
	/* "" is no nodes, as an absent list */
	if (nodes && nodes->u.string[0]) {
		if (spec_parse_bit_list(nodes->u.string, mp->nodes, SPEC_MPOL_MAX_NODES) < 0)
			return px_err(err, 0, "linux.memoryPolicy.nodes: %s is not a node list like \"0-3,7\" "
			                      "(nodes below %d)",
			              spec_quote(q, nodes->u.string), SPEC_MPOL_MAX_NODES);
		mp->has_nodes = true;
	}
	if (parse_mpol_flags(spec_json_field(v, "flags"), mp, err) < 0 ||
	    check_mpol(mp, mpol_modes[i].nodes, mpol_modes[i].name, err) < 0)
		return -1;
	mp->present = true;
	return 0;
}

/* The kernel's dev_valid_name(): 1 to 15 bytes, not "." or "..", no '/', ':' or
 * white space; in the new name one "%d" may ask the kernel for a number. */
static bool ifname_ok(const char *n, bool pattern)
{
	size_t len = strlen(n);
	const char *pct = strchr(n, '%');

	if (!len || len >= 16 || !strcmp(n, ".") || !strcmp(n, ".."))
		return false;
	for (const char *p = n; *p; p++)
		if (*p == '/' || *p == ':' || *p == ' ' || (*p >= '\t' && *p <= '\r'))
			return false;
	if (!pct)
		return true;
	return pattern && pct[1] == 'd' && !strchr(pct + 1, '%');
}

static int parse_net_device(const char *key, yajl_val v, struct spec_net_device *d, struct px_error *err)
{
	char path[SPEC_PATH_MAX], p[SPEC_PATH_MAX], q[SPEC_QUOTE_MAX];
	yajl_val name;

	spec_path_key(path, "linux.netDevices", key);
	d->host_name = px_xstrdup(key);
	if (!ifname_ok(key, false))
		return px_err(err, 0, "linux.netDevices: %s is not an interface name (1 to 15 bytes, no '/', ':', '%%' "
		                      "or space)", spec_quote(q, key));
	if (spec_json_need_object(v, path, err) < 0)
		return -1;
	name = spec_json_field(v, "name");
	if (name && spec_json_string(name, spec_path_key(p, path, "name"), &d->name, err) < 0)
		return -1;
	if (d->name && !d->name[0]) { /* "" is the host's name, as absent */
		free(d->name);
		d->name = NULL;
	}
	if (!d->name)
		d->name = px_xstrdup(key);
	else if (!ifname_ok(d->name, true))
		return px_err(err, 0, "%s: %s is not an interface name (1 to 15 bytes, no '/', ':' or space; one "
		                      "\"%%d\" for a number the kernel picks)", p, spec_quote(q, d->name));
	return 0;
}

int spec_parse_net_devices(yajl_val v, struct spec_linux *l, struct px_error *err)
{
	char q[SPEC_QUOTE_MAX];

	if (!v)
		return 0;
	if (spec_json_need_object(v, "linux.netDevices", err) < 0)
		return -1;
	l->net_devices = px_xcalloc(v->u.object.len ? v->u.object.len : 1, sizeof *l->net_devices);
	for (size_t i = 0; i < v->u.object.len; i++) {
		struct spec_net_device *d = &l->net_devices[i];
		l->n_net_devices++;
		if (parse_net_device(v->u.object.keys[i], v->u.object.values[i], d, err) < 0)
			return -1;
		/* two interfaces cannot have one name in the container */
		for (size_t j = 0; j < i; j++)
			if (!strcmp(l->net_devices[j].name, d->name) && !strchr(d->name, '%'))
				return px_err(err, 0, "linux.netDevices: %s and %s would both be %s in the container",
				              l->net_devices[j].host_name, d->host_name, spec_quote(q, d->name));
	}
	return 0;
}

int spec_check_net_devices(const struct spec_config *c, struct px_error *err)
{
	/* Moved into the runtime's own network namespace, an interface would not
	 * move at all, and the spec's "in the container" would be a lie. A namespace
	 * joined by path is checked not to be the runtime's own at create. */
	const struct spec_namespace *net = spec_find_namespace(c, CLONE_NEWNET);
	const struct spec_namespace *user = spec_find_namespace(c, CLONE_NEWUSER);
	const struct spec_namespace *pid = spec_find_namespace(c, CLONE_NEWPID);

	if (!c->linux_.n_net_devices)
		return 0;
	if (!net)
		return px_err(err, 0, "linux.netDevices: requires a network namespace in linux.namespaces "
		                      "(without one the interfaces would stay in the host's)");
	/* The runtime moves the interfaces before the container's setup starts: a
	 * new network namespace must exist by then, made by the clone. With a user
	 * or pid namespace joined by path it is made later, inside the setup. */
	if (!net->path && ((user && user->path) || (pid && pid->path)))
		return px_err(err, 0, "linux.netDevices: with a %s namespace joined by path, the network namespace "
		                      "must be joined by path too (a new one is made inside the container's setup)",
		              user && user->path ? "user" : "pid");
	return 0;
}

/* "0-3,7" from bits: the form config.json wrote it in. */
void spec_bits_to_list(const unsigned long *bits, size_t nbits, char *buf, size_t size)
{
	const size_t word = 8 * sizeof *bits;
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < nbits && used < size; i++) {
		size_t j = i;
		if (!(bits[i / word] & (1UL << (i % word))))
			continue;
		while (j + 1 < nbits && (bits[(j + 1) / word] & (1UL << ((j + 1) % word))))
			j++;
		used += (size_t)snprintf(buf + used, size - used, j > i ? "%s%zu-%zu" : "%s%zu", used ? "," : "", i, j);
		i = j;
	}
}

void spec_mpol_describe(const struct spec_memory_policy *mp, char *buf, size_t size)
{
	char nodes[128];
	size_t used;

	spec_bits_to_list(mp->nodes, SPEC_MPOL_MAX_NODES, nodes, sizeof nodes);
	used = (size_t)snprintf(buf, size, "%s", spec_mpol_mode_name(mp->mode));
	if (mp->has_nodes && used < size)
		used += (size_t)snprintf(buf + used, size - used, " nodes %s", nodes);
	for (size_t i = 0; i < sizeof mpol_flags / sizeof mpol_flags[0] && used < size; i++)
		if (mp->flags & mpol_flags[i].flag)
			used += (size_t)snprintf(buf + used, size - used, " %s", mpol_flags[i].name);
}
