/* ns/loopback.h — `lo` up in a network namespace the runtime made.
 *
 * A new network namespace starts with its loopback down: 127.0.0.1 unreachable,
 * which breaks any workload talking to itself over TCP. runc brings it up for every
 * network namespace it creates (its "loopback" network); engines that give the
 * container no network of their own (Docker's --network none, buildah's RUN,
 * containerd without CNI) rely on it. A namespace joined by path is left alone:
 * it is its creator's to configure.
 */
#ifndef PX_NS_LOOPBACK_H
#define PX_NS_LOOPBACK_H

#include "util/error.h"

/* Set IFF_UP on "lo" of the caller's network namespace. */
int ns_loopback_up(struct px_error *err);

#endif
