/* ns/netdev.h — linux.netDevices (runtime-spec 1.3, config-linux.md "Network
 * Devices"): existing host interfaces moved into the container's network
 * namespace, renamed as asked, with their permanent global addresses (the
 * kernel drops addresses on a move: they are read before and added back) and
 * set up, as the spec requires.
 *
 * Done by the runtime (it holds the host's network namespace) over rtnetlink:
 * one RTM_NEWLINK with IFLA_NET_NS_FD and IFLA_IFNAME per interface on a socket
 * of the host's namespace, then the addresses and IFF_UP on a socket made in the
 * container's (setns there and straight back).
 *
 * Never moved back: the spec forbids it ("MUST NOT attempt to move the interface
 * out of the namespace before deletion"); when the namespace is freed the kernel
 * returns physical interfaces to the host's namespace (renamed dev%d on a name
 * clash) and destroys virtual ones (veth, dummy, macvlan...), as with runc and crun.
 */
#ifndef PX_NS_NETDEV_H
#define PX_NS_NETDEV_H

#include <stddef.h>

#include "spec/config.h"
#include "util/error.h"

/* Move devs into the network namespace of netns_fd (refused when it is the
 * caller's own), in config order; stops at the first error, naming the
 * interface. */
int ns_move_net_devices(int netns_fd, const struct spec_net_device *devs, size_t n, struct px_error *err);

#endif
