/* spec/names.c — name ↔ number tables for the runtime-spec's enumerations. */
#include "spec/names.h"

#include <string.h>
#include <sys/capability.h>
#include <sys/mount.h>
#include <sys/resource.h>

int spec_capability_from_name(const char *name)
{
	cap_value_t v;

	/* libcap also takes lower case and bare numbers ("12"); the spec's names are
	 * CAP_ followed by upper case, and a config that writes anything else is more
	 * likely a typo than a wish. cap_from_name() knows the capabilities of the
	 * libcap we link, so new kernels' names resolve without a table of ours. */
	if (strncmp(name, "CAP_", 4) != 0 || !name[4])
		return -1;
	for (const char *p = name + 4; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_'))
			return -1;
	if (cap_from_name(name, &v) < 0 || v < 0 || v > 63)
		return -1;
	return (int)v;
}

static const struct {
	const char *name;
	int resource;
} rlimits[] = {
	{ "RLIMIT_AS", RLIMIT_AS },
	{ "RLIMIT_CORE", RLIMIT_CORE },
	{ "RLIMIT_CPU", RLIMIT_CPU },
	{ "RLIMIT_DATA", RLIMIT_DATA },
	{ "RLIMIT_FSIZE", RLIMIT_FSIZE },
	{ "RLIMIT_LOCKS", RLIMIT_LOCKS },
	{ "RLIMIT_MEMLOCK", RLIMIT_MEMLOCK },
	{ "RLIMIT_MSGQUEUE", RLIMIT_MSGQUEUE },
	{ "RLIMIT_NICE", RLIMIT_NICE },
	{ "RLIMIT_NOFILE", RLIMIT_NOFILE },
	{ "RLIMIT_NPROC", RLIMIT_NPROC },
	{ "RLIMIT_RSS", RLIMIT_RSS },
	{ "RLIMIT_RTPRIO", RLIMIT_RTPRIO },
	{ "RLIMIT_RTTIME", RLIMIT_RTTIME },
	{ "RLIMIT_SIGPENDING", RLIMIT_SIGPENDING },
	{ "RLIMIT_STACK", RLIMIT_STACK },
};

int spec_rlimit_from_name(const char *name)
{
	for (size_t i = 0; i < sizeof rlimits / sizeof rlimits[0]; i++)
		if (!strcmp(rlimits[i].name, name))
			return rlimits[i].resource;
	return -1;
}

const char *spec_rlimit_name(int resource)
{
	for (size_t i = 0; i < sizeof rlimits / sizeof rlimits[0]; i++)
		if (rlimits[i].resource == resource)
			return rlimits[i].name;
	return NULL;
}

static const struct {
	const char *name;
	unsigned long flag;
} namespaces[] = {
	{ "pid", CLONE_NEWPID },   { "network", CLONE_NEWNET }, { "mount", CLONE_NEWNS },
	{ "ipc", CLONE_NEWIPC },   { "uts", CLONE_NEWUTS },     { "user", CLONE_NEWUSER },
	{ "cgroup", CLONE_NEWCGROUP }, { "time", CLONE_NEWTIME },
};

unsigned long spec_namespace_from_name(const char *name)
{
	for (size_t i = 0; i < sizeof namespaces / sizeof namespaces[0]; i++)
		if (!strcmp(namespaces[i].name, name))
			return namespaces[i].flag;
	return 0;
}

const char *spec_namespace_name(unsigned long clone_flag)
{
	for (size_t i = 0; i < sizeof namespaces / sizeof namespaces[0]; i++)
		if (namespaces[i].flag == clone_flag)
			return namespaces[i].name;
	return NULL;
}

size_t spec_namespace_all(unsigned long *flags, size_t max)
{
	size_t n = sizeof namespaces / sizeof namespaces[0];
	for (size_t i = 0; i < n && i < max; i++)
		flags[i] = namespaces[i].flag;
	return n;
}

bool spec_propagation_from_name(const char *name, unsigned long *flag)
{
	/* config-linux.md lists shared, slave, private and unbindable. runc and crun
	 * also take the "r" forms, which (as in runc's mapping) add MS_REC so the whole
	 * tree under "/" is re-marked, not just the root mount. */
	static const struct {
		const char *name;
		unsigned long flag;
	} props[] = {
		{ "", 0 },
		{ "shared", MS_SHARED },         { "rshared", MS_SHARED | MS_REC },
		{ "slave", MS_SLAVE },           { "rslave", MS_SLAVE | MS_REC },
		{ "private", MS_PRIVATE },       { "rprivate", MS_PRIVATE | MS_REC },
		{ "unbindable", MS_UNBINDABLE }, { "runbindable", MS_UNBINDABLE | MS_REC },
	};
	for (size_t i = 0; i < sizeof props / sizeof props[0]; i++) {
		if (!strcmp(props[i].name, name)) {
			*flag = props[i].flag;
			return true;
		}
	}
	return false;
}
