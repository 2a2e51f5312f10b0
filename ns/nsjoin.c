/* ns/nsjoin.c — namespace flags, joins by path, id maps, time namespace. */
#include "ns/nsjoin.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/cleanup.h"
#include "util/fs.h"
#include "util/log.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

static const struct {
	unsigned long flag;
	const char *name;
} ns_names[] = {
	{ CLONE_NEWUSER, "user" }, { CLONE_NEWPID, "pid" },	  { CLONE_NEWNET, "network" },
	{ CLONE_NEWNS, "mount" },  { CLONE_NEWIPC, "ipc" },	  { CLONE_NEWUTS, "uts" },
	{ CLONE_NEWCGROUP, "cgroup" }, { CLONE_NEWTIME, "time" },
};

const char *ns_type_name(unsigned long clone_flag)
{
	for (size_t i = 0; i < sizeof ns_names / sizeof ns_names[0]; i++)
		if (ns_names[i].flag == clone_flag)
			return ns_names[i].name;
	return "unknown";
}

unsigned long ns_new_flags(const struct spec_config *c)
{
	unsigned long flags = 0;
	for (size_t i = 0; i < c->linux_.n_namespaces; i++)
		if (!c->linux_.namespaces[i].path)
			flags |= c->linux_.namespaces[i].type;
	return flags;
}

/* The name of a namespace type under /proc/<pid>/ns/. */
static const char *ns_link_name(unsigned long type)
{
	switch (type) {
	case CLONE_NEWNET: return "net";
	case CLONE_NEWNS: return "mnt";
	default: return ns_type_name(type);
	}
}

/* Is the namespace behind fd the one this thread is in? Namespaces are told
 * apart by the nsfs inode (st_dev, st_ino), whatever path named them:
 * /proc/1/ns/net, a bind mount of it under /run/netns, or /proc/self/ns/net. */
static int is_own_namespace(int fd, unsigned long type, bool *own, struct px_error *err)
{
	char path[64];
	struct stat joined, mine;

	snprintf(path, sizeof path, "/proc/thread-self/ns/%s", ns_link_name(type));
	if (fstat(fd, &joined) < 0 || stat(path, &mine) < 0)
		return px_err(err, errno, "linux.namespaces: compare the %s namespace with %s",
		              ns_type_name(type), path);
	*own = joined.st_dev == mine.st_dev && joined.st_ino == mine.st_ino;
	return 0;
}

static int join_one(const struct spec_namespace *ns, unsigned long not_own, struct px_error *err)
{
	_cleanup_close_ int fd = open(ns->path, O_RDONLY | O_CLOEXEC);
	bool own = false;

	if (fd < 0)
		return px_err(err, errno, "linux.namespaces: %s namespace path %s", ns_type_name(ns->type), ns->path);
	if ((ns->type & not_own) && is_own_namespace(fd, ns->type, &own, err) < 0)
		return -1;
	if (own)
		return px_err(err, EPERM, "linux.sysctl: the %s namespace %s is the host's own (the runtime's): "
		                          "its sysctls would change the host", ns_type_name(ns->type), ns->path);
	if (setns(fd, (int)ns->type) < 0)
		return px_err(err, errno, "linux.namespaces: join %s namespace %s", ns_type_name(ns->type), ns->path);
	return 0;
}

/* The user namespace goes first: joining it grants the capabilities needed to join
 * the others, which it owns (user_namespaces(7)). The mount namespace goes last,
 * because joining it changes the root and cwd, and later paths would resolve in
 * the container's filesystem instead of the host's. */
int ns_join_paths(const struct spec_config *c, unsigned long not_own, struct px_error *err)
{
	const struct spec_namespace *user = NULL, *mnt = NULL;

	for (size_t i = 0; i < c->linux_.n_namespaces; i++) {
		const struct spec_namespace *ns = &c->linux_.namespaces[i];
		if (!ns->path)
			continue;
		if (ns->type == CLONE_NEWUSER)
			user = ns;
		else if (ns->type == CLONE_NEWNS)
			mnt = ns;
	}
	if (user && join_one(user, not_own, err) < 0)
		return -1;
	for (size_t i = 0; i < c->linux_.n_namespaces; i++) {
		const struct spec_namespace *ns = &c->linux_.namespaces[i];
		/* pid: the init was born in it (runtime/pidns_hop.h); joining it again
		 * from a new user namespace would be refused */
		if (!ns->path || ns == user || ns == mnt || ns->type == CLONE_NEWPID)
			continue;
		if (join_one(ns, not_own, err) < 0)
			return -1;
	}
	if (mnt && join_one(mnt, not_own, err) < 0)
		return -1;
	return 0;
}

/* A time namespace's offsets can only be written before any process is in it, so
 * clone3(CLONE_NEWTIME) cannot be used: unshare() makes a namespace for our future
 * children, we write the offsets, then move ourselves in through
 * /proc/self/ns/time_for_children (time_namespaces(7)). */
int ns_enter_new_time_ns(const struct spec_config *c, struct px_error *err)
{
	const struct spec_linux *l = &c->linux_;
	char offsets[128];
	size_t used = 0;
	_cleanup_close_ int fd = -1;

	if (unshare(CLONE_NEWTIME) < 0)
		return px_err(err, errno, "linux.namespaces: unshare time namespace");
	if (l->time_monotonic.present)
		used += (size_t)snprintf(offsets + used, sizeof offsets - used, "monotonic %lld %u\n",
		                         (long long)l->time_monotonic.secs, l->time_monotonic.nanosecs);
	if (l->time_boottime.present)
		used += (size_t)snprintf(offsets + used, sizeof offsets - used, "boottime %lld %u\n",
		                         (long long)l->time_boottime.secs, l->time_boottime.nanosecs);
	/* One write() carrying both lines: the kernel applies them together. */
	if (used && px_write_knob_at(AT_FDCWD, "/proc/self/timens_offsets", offsets, err) < 0)
		return px_err_prefix(err, "linux.timeOffsets");
	fd = open("/proc/self/ns/time_for_children", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return px_err(err, errno, "open /proc/self/ns/time_for_children");
	if (setns(fd, CLONE_NEWTIME) < 0)
		return px_err(err, errno, "setns time namespace");
	return 0;
}
