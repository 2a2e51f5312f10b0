#!/bin/bash
# tests/demo.sh — `make demo`: build a busybox bundle and run one isolated container
# with $BUILD/pidbox, showing what it sees; then clean up. Works without a terminal.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
BUILD=${BUILD:-build}
RUNTIME=${RUNTIME:-$BUILD/pidbox}
# shellcheck source=tests/lib/bundle.sh
. "$here"/lib/bundle.sh

if [ "$(id -u)" -ne 0 ]; then
	echo "demo: run as root (containers need it)" >&2
	exit 1
fi
"$here"/lib/deps.sh || exit 1
case "$RUNTIME" in
*/*) ;;
*) RUNTIME=$(command -v "$RUNTIME") ;;
esac
[ -x "$RUNTIME" ] || { echo "demo: $RUNTIME missing: run make" >&2; exit 1; }

dir=$top/demo-bundle
root=$(mktemp -d /tmp/pidbox-demo-root.XXXXXX) || exit 1
id=pidbox-demo-$$
# shellcheck disable=SC2317 # called by the trap
cleanup() {
	"$RUNTIME" --root "$root" delete -f "$id" >/dev/null 2>&1
	rm -rf --one-file-system "$dir" "$root"
	# our own cgroup parent, only if empty
	for d in /sys/fs/cgroup/*/pidbox-demo /sys/fs/cgroup/pidbox-demo; do
		[ -d "$d" ] && rmdir "$d" 2>/dev/null
	done
	return 0
}
trap cleanup EXIT
rm -rf --one-file-system "$dir"

# shellcheck disable=SC2016 # expanded inside the container
script='
echo "hostname:   $(hostname)"
echo "my pid:     $$"
echo "id:         $(id)"
echo "interfaces: $(ls /sys/class/net | tr "\n" " ")"
echo "mounts:     $(wc -l < /proc/self/mountinfo) (host: $HOST_MOUNTS)"
echo "processes:"
ps -o pid,user,comm
echo "root is read-only: $(touch /x 2>/dev/null && echo no || echo yes)"'
make_bundle "$dir" sh -c "$script" || exit 1
# shellcheck disable=SC2016 # a jq filter
bundle_set "$dir" --arg id "$id" --arg m "HOST_MOUNTS=$(wc -l </proc/self/mountinfo)" \
	'.linux.cgroupsPath = "/pidbox-demo/" + $id | .process.env += [$m]' || exit 1

echo "\$ pidbox run -b $dir $id   # busybox, in its own pid/net/ipc/uts/mount namespaces"
procs=(/proc/[0-9]*)
echo "(host: hostname $(hostname), ${#procs[@]} processes)"
"$RUNTIME" --root "$root" run -b "$dir" "$id" </dev/null
rc=$?
echo "exit code: $rc"
exit "$rc"
