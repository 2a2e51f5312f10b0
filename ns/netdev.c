/* ns/netdev.c — linux.netDevices: host interfaces into the container's network
 * namespace over rtnetlink (see netdev.h). */
#include "ns/netdev.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ns/netlink.h"
#include "util/cleanup.h"
#include "util/fs.h"

#define MAX_ADDRS 64

/* One address of the interface worth keeping (spec: permanent, global scope). */
struct kept_addr {
	struct ifaddrmsg ifa;
	uint32_t flags;
	unsigned char local[16], address[16], brd[16];
	unsigned short local_len, address_len, brd_len;
};

struct addrs {
	int ifindex;
	struct kept_addr a[MAX_ADDRS];
	size_t n;
	bool overflow;
};

static void copy_attr(const struct rtattr *a, unsigned char *to, unsigned short *len)
{
	size_t n = a ? RTA_PAYLOAD(a) : 0;

	*len = n <= 16 ? (unsigned short)n : 0;
	if (*len)
		memcpy(to, RTA_DATA(a), n);
}

static void keep_addr(const struct nlmsghdr *h, void *arg)
{
	struct addrs *s = arg;
	const struct ifaddrmsg *ifa = NLMSG_DATA(h);
	const struct rtattr *attrs = IFA_RTA(ifa);
	int len = (int)IFA_PAYLOAD(h);
	const struct rtattr *f = ns_nl_find(attrs, len, IFA_FLAGS);
	uint32_t flags = f ? *(const uint32_t *)RTA_DATA(f) : ifa->ifa_flags;
	struct kept_addr *k;

	if (h->nlmsg_type != RTM_NEWADDR || (int)ifa->ifa_index != s->ifindex || !(flags & IFA_F_PERMANENT) ||
	    ifa->ifa_scope != RT_SCOPE_UNIVERSE)
		return;
	if (s->n == MAX_ADDRS) {
		s->overflow = true;
		return;
	}
	k = &s->a[s->n++];
	k->ifa = *ifa;
	k->flags = flags;
	copy_attr(ns_nl_find(attrs, len, IFA_LOCAL), k->local, &k->local_len);
	copy_attr(ns_nl_find(attrs, len, IFA_ADDRESS), k->address, &k->address_len);
	copy_attr(ns_nl_find(attrs, len, IFA_BROADCAST), k->brd, &k->brd_len);
}

/* The kernel drops an interface's addresses when it changes namespace: read
 * those the spec says to keep before the move. */
static int read_addrs(int nl, int ifindex, struct addrs *s)
{
	struct ifaddrmsg ifa = { .ifa_family = AF_UNSPEC };
	struct ns_nl_msg m;

	s->ifindex = ifindex;
	s->n = 0;
	ns_nl_init(&m, RTM_GETADDR, NLM_F_DUMP, &ifa, sizeof ifa);
	return ns_nl_query(nl, &m, keep_addr, s);
}

static int add_addrs(int nl, int ifindex, const struct addrs *s)
{
	for (size_t i = 0; i < s->n; i++) {
		const struct kept_addr *k = &s->a[i];
		struct ifaddrmsg ifa = k->ifa;
		struct ns_nl_msg m;
		int rc;
		ifa.ifa_index = (unsigned int)ifindex;
		ns_nl_init(&m, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, &ifa, sizeof ifa);
		if (k->local_len)
			ns_nl_attr(&m, IFA_LOCAL, k->local, k->local_len);
		if (k->address_len)
			ns_nl_attr(&m, IFA_ADDRESS, k->address, k->address_len);
		if (k->brd_len)
			ns_nl_attr(&m, IFA_BROADCAST, k->brd, k->brd_len);
		ns_nl_attr(&m, IFA_FLAGS, &k->flags, sizeof k->flags);
		if ((rc = ns_nl_request(nl, &m)) < 0 && rc != -EEXIST)
			return rc;
	}
	return 0;
}

struct link {
	int ifindex;
	char name[IFNAMSIZ];
	unsigned char mac[16]; /* IFLA_ADDRESS: tells our interface from another of the same index */
	unsigned short mac_len;
};

static void read_link(const struct nlmsghdr *h, void *arg)
{
	struct link *l = arg;
	const struct ifinfomsg *ifi = NLMSG_DATA(h);
	const struct rtattr *n = ns_nl_find(IFLA_RTA(ifi), (int)IFLA_PAYLOAD(h), IFLA_IFNAME);

	if (h->nlmsg_type != RTM_NEWLINK)
		return;
	l->ifindex = ifi->ifi_index;
	if (n)
		snprintf(l->name, sizeof l->name, "%s", (const char *)RTA_DATA(n));
	copy_attr(ns_nl_find(IFLA_RTA(ifi), (int)IFLA_PAYLOAD(h), IFLA_ADDRESS), l->mac, &l->mac_len);
}

/* The interface of that index (name NULL) or that name, in nl's namespace. */
static int get_link(int nl, int ifindex, const char *name, struct link *out)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = name ? 0 : ifindex };
	struct ns_nl_msg m;

	memset(out, 0, sizeof *out);
	ns_nl_init(&m, RTM_GETLINK, 0, &ifi, sizeof ifi);
	if (name)
		ns_nl_attr(&m, IFLA_IFNAME, name, strlen(name) + 1);
	return ns_nl_query(nl, &m, read_link, out);
}

/* One RTM_NEWLINK on the host's socket: into the namespace of netns_fd, renamed
 * there to name (a "%d" in it numbered by the kernel). */
static int move(int nl, int ifindex, int netns_fd, const char *name)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = ifindex };
	uint32_t fd = (uint32_t)netns_fd;
	struct ns_nl_msg m;

	ns_nl_init(&m, RTM_NEWLINK, 0, &ifi, sizeof ifi);
	ns_nl_attr(&m, IFLA_NET_NS_FD, &fd, sizeof fd);
	ns_nl_attr(&m, IFLA_IFNAME, name, strlen(name) + 1);
	return ns_nl_request(nl, &m);
}

/* IFF_UP, and a new name when name is not NULL. */
static int set_link(int nl, int ifindex, const char *name)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = ifindex, .ifi_flags = IFF_UP,
		                 .ifi_change = IFF_UP };
	struct ns_nl_msg m;

	ns_nl_init(&m, RTM_NEWLINK, 0, &ifi, sizeof ifi);
	if (name)
		ns_nl_attr(&m, IFLA_IFNAME, name, strlen(name) + 1);
	return ns_nl_request(nl, &m);
}

static bool same_mac(const struct link *a, const struct link *b)
{
	return a->mac_len == b->mac_len && !memcmp(a->mac, b->mac, a->mac_len);
}

/* Our interface in the container's namespace after the move. The kernel keeps
 * the index when it is free there (always, in a namespace we made); in a joined
 * one it may be taken, by an interface with another hardware address: then the
 * name finds ours (not for a "%d" name, whose number the kernel chose). */
static int find_moved(int ct_nl, const struct link *host, const char *name, struct link *l)
{
	int rc = get_link(ct_nl, host->ifindex, NULL, l);

	if (rc == 0 && l->ifindex && same_mac(host, l))
		return 0;
	if (strchr(name, '%'))
		return rc < 0 ? rc : -ENODEV;
	rc = get_link(ct_nl, 0, name, l);
	return rc < 0 ? rc : l->ifindex && same_mac(host, l) ? 0 : -ENODEV;
}

/* A NETLINK_ROUTE socket of the namespace netns_fd: made there, it stays bound
 * to it after the caller goes back to its own (own_fd). */
static int socket_in(int netns_fd, int own_fd, struct px_error *err)
{
	int nl;

	if (setns(netns_fd, CLONE_NEWNET) < 0)
		return px_err(err, errno, "enter the container's network namespace");
	nl = ns_nl_open(err);
	if (setns(own_fd, CLONE_NEWNET) < 0) {
		/* the runtime cannot stay in the container's namespace: nothing after
		 * this could be trusted to act on the host */
		px_err(err, errno, "return to the runtime's network namespace");
		abort();
	}
	return nl;
}

static const char *move_error(int rc)
{
	switch (-rc) {
	case EEXIST:
		return "the name is taken in the container's network namespace (end it with %d to let the kernel "
		       "number it)";
	case EINVAL:
		return "this interface cannot leave its namespace (lo, or a device local to it), or the name is "
		       "not valid";
	default:
		return strerror(-rc);
	}
}

/* One device: addresses read, moved and renamed, found again in the container's
 * namespace (renamed there if the move did not: older kernels took the name only
 * on a clash), addresses put back, up. */
static int move_one(int host_nl, int ct_nl, int netns_fd, const struct spec_net_device *d, struct px_error *err)
{
	_cleanup_free_ struct addrs *s = px_xcalloc(1, sizeof *s);
	struct link host, l;
	int ifindex = (int)if_nametoindex(d->host_name), rc;

	if (!ifindex)
		return px_err(err, errno, "%s: no such interface on the host", d->host_name);
	if ((rc = get_link(host_nl, ifindex, NULL, &host)) < 0 || (rc = read_addrs(host_nl, ifindex, s)) < 0)
		return px_err(err, -rc, "%s: read it on the host", d->host_name);
	if (s->overflow)
		return px_err(err, E2BIG, "%s: more than %d permanent addresses to carry over", d->host_name,
		              MAX_ADDRS);
	/* The kernel moves first and renames after: a name taken there would fail
	 * only once the interface is gone from the host. The spec wants the check
	 * before ("MUST check if moving ... is possible"). */
	if (!strchr(d->name, '%') && get_link(ct_nl, 0, d->name, &l) == 0 && l.ifindex)
		return px_err_plain(err, EEXIST, "%s: \"%s\" is taken in the container's network namespace (end the "
		                                 "name with %%d to let the kernel number it)",
		                    d->host_name, d->name);
	if ((rc = move(host_nl, ifindex, netns_fd, d->name)) < 0)
		return px_err(err, -rc, "%s: move into the container's network namespace as \"%s\": %s", d->host_name,
		              d->name, move_error(rc));
	if ((rc = find_moved(ct_nl, &host, d->name, &l)) < 0)
		return px_err(err, -rc, "%s: moved, but not found in the container's network namespace",
		              d->host_name);
	if ((rc = add_addrs(ct_nl, l.ifindex, s)) < 0)
		return px_err(err, -rc, "%s: put its addresses back in the container's network namespace", l.name);
	rc = set_link(ct_nl, l.ifindex, strchr(d->name, '%') || !strcmp(l.name, d->name) ? NULL : d->name);
	if (rc < 0)
		return px_err(err, -rc, "%s: set it up as \"%s\" in the container's network namespace: %s", l.name,
		              d->name, move_error(rc));
	return 0;
}

int ns_move_net_devices(int netns_fd, const struct spec_net_device *devs, size_t n, struct px_error *err)
{
	_cleanup_close_ int own = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	_cleanup_close_ int host_nl = -1, ct_nl = -1;
	struct stat a, b;

	if (own < 0)
		return px_err(err, errno, "linux.netDevices: open /proc/self/ns/net");
	/* into the runtime's own namespace, nothing would move: the host's
	 * interfaces would only be renamed */
	if (fstat(own, &a) < 0 || fstat(netns_fd, &b) < 0)
		return px_err(err, errno, "linux.netDevices: stat the network namespaces");
	if (a.st_ino == b.st_ino && a.st_dev == b.st_dev)
		return px_err(err, 0, "linux.netDevices: the container's network namespace is the runtime's own");
	if ((host_nl = ns_nl_open(err)) < 0 || (ct_nl = socket_in(netns_fd, own, err)) < 0)
		return px_err_prefix(err, "linux.netDevices");
	for (size_t i = 0; i < n; i++)
		if (move_one(host_nl, ct_nl, netns_fd, &devs[i], err) < 0)
			return px_err_prefix(err, "linux.netDevices");
	return 0;
}
