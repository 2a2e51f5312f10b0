/* spec/features.c — the features document; see spec/features.h for how each
 * list is found. */
#include "spec/features.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>

#include "spec/config.h"
#include "spec/json_gen.h"
#include "spec/names.h"
#include "util/cleanup.h"
#include "util/fs.h"

#define MAX_NAMES 128

/* The spec's vocabularies (config.md, config-linux.md). Only what the parser
 * accepts of them is printed. */
static const char *const hook_names[] = {
	"prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop", NULL,
};
static const char *const seccomp_actions[] = {
	"SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO", "SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD",
	"SCMP_ACT_LOG", "SCMP_ACT_NOTIFY", "SCMP_ACT_TRACE", "SCMP_ACT_TRAP", NULL,
};
static const char *const seccomp_operators[] = {
	"SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_LE", "SCMP_CMP_LT", "SCMP_CMP_MASKED_EQ",
	"SCMP_CMP_NE", NULL,
};
static const char *const seccomp_archs[] = {
	"SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM", "SCMP_ARCH_LOONGARCH64", "SCMP_ARCH_M68K", "SCMP_ARCH_MIPS",
	"SCMP_ARCH_MIPS64", "SCMP_ARCH_MIPS64N32", "SCMP_ARCH_MIPSEL", "SCMP_ARCH_MIPSEL64",
	"SCMP_ARCH_MIPSEL64N32", "SCMP_ARCH_PARISC", "SCMP_ARCH_PARISC64", "SCMP_ARCH_PPC", "SCMP_ARCH_PPC64",
	"SCMP_ARCH_PPC64LE", "SCMP_ARCH_RISCV64", "SCMP_ARCH_S390", "SCMP_ARCH_S390X", "SCMP_ARCH_SH",
	"SCMP_ARCH_SHEB", "SCMP_ARCH_X32", "SCMP_ARCH_X86", "SCMP_ARCH_X86_64", NULL,
};
static const char *const seccomp_flags[] = {
	"SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW", "SECCOMP_FILTER_FLAG_TSYNC",
	"SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV", NULL,
};

static const char *const mpol_modes[] = {
	"MPOL_DEFAULT", "MPOL_BIND", "MPOL_INTERLEAVE", "MPOL_WEIGHTED_INTERLEAVE", "MPOL_PREFERRED",
	"MPOL_PREFERRED_MANY", "MPOL_LOCAL", NULL,
};
static const char *const mpol_flags[] = {
	"MPOL_F_NUMA_BALANCING", "MPOL_F_RELATIVE_NODES", "MPOL_F_STATIC_NODES", NULL,
};

/* Probe fragments, one %s each, spliced into a minimal config (see accepts). */
#define LINUX_ "\"linux\":{\"namespaces\":[{\"type\":\"mount\"}],"
#define SECCOMP_ LINUX_ "\"seccomp\":{\"defaultAction\":"
#define PROCESS_ "\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\","
#define P_HOOK "\"hooks\":{\"%s\":[{\"path\":\"/bin/true\"}]}"
#define P_SECCOMP_ACTION SECCOMP_ "\"%s\"}}"
/* SCMP_ACT_NOTIFY may not be the default action and needs a listener: an action
 * is listed when either form is accepted */
#define P_SECCOMP_RULE_ACTION SECCOMP_ "\"SCMP_ACT_ALLOW\",\"listenerPath\":\"/run/pidbox-probe.sock\"," \
	"\"syscalls\":[{\"names\":[\"getcwd\"],\"action\":\"%s\"}]}}"
#define P_SECCOMP_OP SECCOMP_ "\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"getcwd\"],\"action\":" \
	"\"SCMP_ACT_ERRNO\",\"args\":[{\"index\":0,\"value\":1,\"op\":\"%s\"}]}]}}"
#define P_SECCOMP_ARCH SECCOMP_ "\"SCMP_ACT_ALLOW\",\"architectures\":[\"%s\"]}}"
#define P_SECCOMP_FLAG SECCOMP_ "\"SCMP_ACT_ALLOW\",\"flags\":[\"%s\"]}}"
#define P_APPARMOR PROCESS_ "\"apparmorProfile\":\"%s\"}"
#define P_SELINUX PROCESS_ "\"selinuxLabel\":\"%s\"}"
#define P_RDT LINUX_ "\"intelRdt\":{\"closID\":\"%s\"}}"
#define P_RDT_SCHEMATA LINUX_ "\"intelRdt\":{\"closID\":\"c\",\"schemata\":[\"%s\"]}}"
/* MPOL_DEFAULT and MPOL_LOCAL take no nodes, the others need some: a mode is
 * listed when either form is accepted */
#define P_MPOL_MODE LINUX_ "\"memoryPolicy\":{\"mode\":\"%s\"}}"
#define P_MPOL_MODE_NODES LINUX_ "\"memoryPolicy\":{\"mode\":\"%s\",\"nodes\":\"0\"}}"
#define P_MPOL_FLAG LINUX_ "\"memoryPolicy\":{\"mode\":\"MPOL_BIND\",\"nodes\":\"0\",\"flags\":[\"%s\"]}}"
#define P_NETDEV "\"linux\":{\"namespaces\":[{\"type\":\"network\"}],\"netDevices\":{\"%s\":{}}}"
#define P_RDMA LINUX_ "\"resources\":{\"rdma\":{\"%s\":{\"hcaHandles\":1}}}}"

bool spec_features_accepts(const char *fmt, const char *value)
{
	const char *hole = strstr(fmt, "%s");
	_cleanup_free_ char *frag = NULL, *json = NULL;
	struct spec_config *c = NULL;
	struct px_error err;
	bool ok;

	if (!hole)
		return false;
	frag = px_asprintf("%.*s%s%s", (int)(hole - fmt), fmt, value, hole + 2);
	/* the linux section is ours to add unless the fragment brings one */
	if (strncmp(frag, "\"linux\"", 7) == 0)
		json = px_asprintf("{\"ociVersion\":\"%s\",\"root\":{\"path\":\"rootfs\"},%s}", SPEC_OCI_VERSION, frag);
	else
		json = px_asprintf("{\"ociVersion\":\"%s\",\"root\":{\"path\":\"rootfs\"},"
		                   "\"linux\":{\"namespaces\":[{\"type\":\"mount\"}]},%s}",
		                   SPEC_OCI_VERSION, frag);
	ok = spec_parse_config(json, strlen(json), &c, &err) == 0;
	spec_config_free(c);
	return ok;
}

/* names[] filtered by the probe; out holds at most MAX_NAMES - 1 and a NULL */
static void accepted(const char *const *names, const char *fmt, const char **out)
{
	size_t n = 0;
	for (; *names && n < MAX_NAMES - 1; names++)
		if (spec_features_accepts(fmt, *names))
			out[n++] = *names;
	out[n] = NULL;
}

static void gen_list(yajl_gen g, const char *key, const char *const *names, const char *fmt)
{
	const char *ok[MAX_NAMES];
	accepted(names, fmt, ok);
	spec_gen_kstrv(g, key, ok);
}

/* Every capability libcap can name that the parser takes ("CAP_CHOWN"...). */
static void gen_capabilities(yajl_gen g)
{
	spec_gen_karray(g, "capabilities");
	for (int v = 0; v < 64; v++) {
		char *lower = cap_to_name((cap_value_t)v);
		char name[64];
		size_t i;

		if (!lower)
			continue;
		for (i = 0; lower[i] && i < sizeof name - 1; i++)
			name[i] = (char)toupper((unsigned char)lower[i]);
		name[i] = '\0';
		cap_free(lower);
		if (spec_capability_from_name(name) == v)
			spec_gen_str(g, name);
	}
	yajl_gen_array_close(g);
}

static void gen_namespaces(yajl_gen g)
{
	unsigned long flags[16];
	size_t n = spec_namespace_all(flags, 16);

	spec_gen_karray(g, "namespaces");
	for (size_t i = 0; i < n && i < 16; i++)
		spec_gen_str(g, spec_namespace_name(flags[i]));
	yajl_gen_array_close(g);
}

static void gen_seccomp_actions(yajl_gen g)
{
	spec_gen_karray(g, "actions");
	for (const char *const *a = seccomp_actions; *a; a++)
		if (spec_features_accepts(P_SECCOMP_ACTION, *a) || spec_features_accepts(P_SECCOMP_RULE_ACTION, *a))
			spec_gen_str(g, *a);
	yajl_gen_array_close(g);
}

static bool name_in(const char *name, const char *const *names)
{
	for (; names && *names; names++)
		if (!strcmp(name, *names))
			return true;
	return false;
}

/* knownFlags: what the parser accepts; supportedFlags: those of them the
 * running kernel also takes (the caller asked it, see spec_features_in). */
static void gen_seccomp_flags(yajl_gen g, const struct spec_features_in *in)
{
	const char *known[MAX_NAMES];
	accepted(seccomp_flags, P_SECCOMP_FLAG, known);
	spec_gen_kstrv(g, "knownFlags", known);
	spec_gen_karray(g, "supportedFlags");
	for (const char *const *f = known; *f; f++)
		if (name_in(*f, in->seccomp_kernel_flags))
			spec_gen_str(g, *f);
	yajl_gen_array_close(g);
}

static void gen_seccomp(yajl_gen g, const struct spec_features_in *in)
{
	bool enabled = spec_features_accepts(P_SECCOMP_ACTION, "SCMP_ACT_ALLOW");

	spec_gen_kmap(g, "seccomp");
	spec_gen_kbool(g, "enabled", enabled);
	if (enabled) {
		gen_seccomp_actions(g);
		gen_list(g, "operators", seccomp_operators, P_SECCOMP_OP);
		gen_list(g, "archs", seccomp_archs, P_SECCOMP_ARCH);
		gen_seccomp_flags(g, in);
	}
	yajl_gen_map_close(g);
}

static void gen_memory_policy(yajl_gen g)
{
	const char *flags[MAX_NAMES];

	spec_gen_kmap(g, "memoryPolicy");
	spec_gen_karray(g, "modes");
	for (const char *const *m = mpol_modes; *m; m++)
		if (spec_features_accepts(P_MPOL_MODE, *m) || spec_features_accepts(P_MPOL_MODE_NODES, *m))
			spec_gen_str(g, *m);
	yajl_gen_array_close(g);
	accepted(mpol_flags, P_MPOL_FLAG, flags);
	spec_gen_kstrv(g, "flags", flags);
	yajl_gen_map_close(g);
}

static void gen_enabled(yajl_gen g, const char *key, bool enabled)
{
	spec_gen_kmap(g, key);
	spec_gen_kbool(g, "enabled", enabled);
	yajl_gen_map_close(g);
}

static void gen_linux(yajl_gen g, const struct spec_features_in *in)
{
	bool rdt = spec_features_accepts(P_RDT, "c");

	spec_gen_kmap(g, "linux");
	gen_namespaces(g);
	gen_capabilities(g);
	/* cgroup/ drives v1, hybrid and v2 hierarchies itself; --systemd-cgroup only
	 * maps "slice:prefix:name" to a path (no systemd manager is contacted), so
	 * systemd support is not claimed */
	spec_gen_kmap(g, "cgroup");
	spec_gen_kbool(g, "v1", 1);
	spec_gen_kbool(g, "v2", 1);
	spec_gen_kbool(g, "systemd", 0);
	spec_gen_kbool(g, "systemdUser", 0);
	spec_gen_kbool(g, "rdma", spec_features_accepts(P_RDMA, "mlx5_0"));
	yajl_gen_map_close(g);
	gen_seccomp(g, in);
	gen_enabled(g, "apparmor", spec_features_accepts(P_APPARMOR, "pidbox-probe"));
	gen_enabled(g, "selinux", spec_features_accepts(P_SELINUX, "system_u:system_r:container_t:s0"));
	spec_gen_kmap(g, "intelRdt");
	spec_gen_kbool(g, "enabled", rdt);
	if (rdt)
		spec_gen_kbool(g, "schemata", spec_features_accepts(P_RDT_SCHEMATA, "L3:0=f"));
	yajl_gen_map_close(g);
	spec_gen_kmap(g, "mountExtensions");
	gen_enabled(g, "idmap", in->idmap_mounts);
	yajl_gen_map_close(g);
	gen_memory_policy(g);
	gen_enabled(g, "netDevices", spec_features_accepts(P_NETDEV, "eth0"));
	yajl_gen_map_close(g);
}

char *spec_features_json(const struct spec_features_in *in)
{
	yajl_gen g = spec_gen_new("    ");

	yajl_gen_map_open(g);
	/* the range check_oci_version() (spec/parse_config.c) accepts */
	spec_gen_kstr(g, "ociVersionMin", "1.0.0");
	spec_gen_kstr(g, "ociVersionMax", SPEC_OCI_VERSION);
	gen_list(g, "hooks", hook_names, P_HOOK);
	spec_gen_kstrv(g, "mountOptions", in->mount_options);
	gen_linux(g, in);
	spec_gen_kmap(g, "annotations");
	for (const char *const *a = in->annotations; a && a[0] && a[1]; a += 2)
		spec_gen_kstr(g, a[0], a[1]);
	yajl_gen_map_close(g);
	yajl_gen_map_close(g);
	return spec_gen_finish(g);
}
