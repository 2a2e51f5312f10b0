/* ns/netlink.c — the few rtnetlink requests pidbox makes (see netlink.h). */
#include "ns/netlink.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int ns_nl_open(struct px_error *err)
{
	struct timeval tv = { .tv_sec = 10 };
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);

	if (fd < 0)
		return px_err(err, errno, "netlink socket");
	/* the kernel answers at once; a bound wait keeps a broken one from hanging create */
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	return fd;
}

void ns_nl_init(struct ns_nl_msg *m, unsigned short type, unsigned short flags, const void *body, size_t len)
{
	memset(m, 0, sizeof *m);
	m->h.nlmsg_type = type;
	m->h.nlmsg_flags = (unsigned short)(NLM_F_REQUEST | flags);
	m->h.nlmsg_len = (unsigned int)NLMSG_LENGTH(len);
	memcpy(NLMSG_DATA(&m->h), body, len);
}

void ns_nl_attr(struct ns_nl_msg *m, unsigned short type, const void *data, size_t len)
{
	struct rtattr *a = (struct rtattr *)((char *)&m->h + NLMSG_ALIGN(m->h.nlmsg_len));

	/* every request is built from bounded parts (a name, an address): the
	 * buffer holds the largest of them many times over */
	if (NLMSG_ALIGN(m->h.nlmsg_len) + RTA_SPACE(len) > sizeof *m)
		return;
	a->rta_type = type;
	a->rta_len = (unsigned short)RTA_LENGTH(len);
	memcpy(RTA_DATA(a), data, len);
	m->h.nlmsg_len = (unsigned int)(NLMSG_ALIGN(m->h.nlmsg_len) + RTA_ALIGN(a->rta_len));
}

/* Send m; hand each answer to cb (when given) until the ack or the end of a
 * dump. Returns 0, or -errno the kernel gave. */
static int talk(int fd, struct ns_nl_msg *m, ns_nl_cb cb, void *arg)
{
	static unsigned int seq;
	char buf[16384] __attribute__((aligned(NLMSG_ALIGNTO)));

	m->h.nlmsg_seq = ++seq;
	if (send(fd, &m->h, m->h.nlmsg_len, 0) < 0)
		return -errno;
	for (;;) {
		ssize_t got = recv(fd, buf, sizeof buf, 0);
		size_t off = 0;
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return got < 0 ? -errno : -EPROTO;
		/* NLMSG_OK/NEXT by hand: their int/unsigned mix does not compile cleanly */
		while (off + sizeof(struct nlmsghdr) <= (size_t)got) {
			const struct nlmsghdr *h = (const struct nlmsghdr *)(buf + off);
			if (h->nlmsg_len < sizeof *h || off + h->nlmsg_len > (size_t)got)
				return -EPROTO;
			off += NLMSG_ALIGN(h->nlmsg_len);
			if (h->nlmsg_seq != m->h.nlmsg_seq)
				continue;
			if (h->nlmsg_type == NLMSG_DONE)
				return 0;
			if (h->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(h);
				return e->error;
			}
			if (cb)
				cb(h, arg);
			if (!(h->nlmsg_flags & NLM_F_MULTI) && !(m->h.nlmsg_flags & NLM_F_ACK))
				return 0;
		}
	}
}

int ns_nl_request(int fd, struct ns_nl_msg *m)
{
	m->h.nlmsg_flags |= NLM_F_ACK;
	return talk(fd, m, NULL, NULL);
}

int ns_nl_query(int fd, struct ns_nl_msg *m, ns_nl_cb cb, void *arg)
{
	return talk(fd, m, cb, arg);
}

const struct rtattr *ns_nl_find(const struct rtattr *a, int len, unsigned short type)
{
	for (; RTA_OK(a, len); a = RTA_NEXT(a, len))
		if (a->rta_type == type)
			return a;
	return NULL;
}
