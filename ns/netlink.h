/* ns/netlink.h — a minimal rtnetlink client: build a request with attributes,
 * send it, read the ack or every message of a dump. No library: the handful of
 * requests linux.netDevices needs (ns/netdev.h) are a few structs each.
 * Answers wait at most 10 s (SO_RCVTIMEO): the kernel answers at once. */
#ifndef PX_NS_NETLINK_H
#define PX_NS_NETLINK_H

#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <stddef.h>

#include "util/error.h"

struct ns_nl_msg {
	struct nlmsghdr h;
	char body[1024];
};

typedef void (*ns_nl_cb)(const struct nlmsghdr *h, void *arg);

/* A NETLINK_ROUTE socket of the caller's network namespace (it stays bound to
 * that namespace whatever the caller joins later). */
int ns_nl_open(struct px_error *err);
/* m: type, NLM_F_REQUEST | flags, and the fixed header body (ifinfomsg...). */
void ns_nl_init(struct ns_nl_msg *m, unsigned short type, unsigned short flags, const void *body, size_t len);
void ns_nl_attr(struct ns_nl_msg *m, unsigned short type, const void *data, size_t len);
/* Send with NLM_F_ACK: 0, or -errno as the kernel answered. */
int ns_nl_request(int fd, struct ns_nl_msg *m);
/* Send (a dump with NLM_F_DUMP, or a get), cb for each answer: 0 or -errno. */
int ns_nl_query(int fd, struct ns_nl_msg *m, ns_nl_cb cb, void *arg);
/* The attribute of that type among len bytes of attributes at a, or NULL. */
const struct rtattr *ns_nl_find(const struct rtattr *a, int len, unsigned short type);

#endif
