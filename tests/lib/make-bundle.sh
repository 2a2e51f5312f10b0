#!/bin/bash
# tests/lib/make-bundle.sh DIR [args...] — an OCI bundle from busybox-static in DIR:
# DIR/rootfs and DIR/config.json running args (default: sh). See bundle.sh.
set -u
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/lib/bundle.sh
. "$here"/bundle.sh
if [ $# -lt 1 ] || [ "$1" = -h ] || [ "$1" = --help ]; then
	echo "usage: $0 DIR [args...]" >&2
	exit 2
fi
make_bundle "$@"
