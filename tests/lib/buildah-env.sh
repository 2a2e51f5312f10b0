# tests/lib/buildah-env.sh — a private buildah for tests: its own storage (--root,
# --runroot), containers.conf and registries.conf under one directory, so nothing
# touches the machine's /var/lib/containers or /run/containers.
# Source it, then:
#   buildah_env_init DIR           write the config files under DIR (fresh, empty) and
#                                  export BUILDAH_DIR, CONTAINERS_CONF,
#                                  CONTAINERS_REGISTRIES_CONF
#   bh ARGS...                     buildah on the private storage
#   buildah_import_busybox NAME    a busybox-static rootfs ADDed to `FROM scratch`
#                                  (no RUN step: no runtime is used to make it)
#   buildah_env_teardown           remove every working container, unmount what
#                                  buildah mounted under DIR, remove DIR
# What this host needs (see README "With buildah"): cgroup_manager cgroupfs (no
# systemd), events_logger file (no journald), no registry (unqualified-search empty),
# `--network none` (no CNI/netavark network here).
# shellcheck shell=bash

BUILDAH_BIN=${BUILDAH_BIN:-buildah}

buildah_env_init() {
	local dir=$1
	mkdir -p "$dir"/root "$dir"/runroot || return 1
	BUILDAH_DIR=$dir
	export BUILDAH_DIR
	cat >"$dir"/containers.conf <<EOC || return 1
[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$dir/events.log"
EOC
	echo 'unqualified-search-registries = []' >"$dir"/registries.conf || return 1
	export CONTAINERS_CONF=$dir/containers.conf
	export CONTAINERS_REGISTRIES_CONF=$dir/registries.conf
}

bh() {
	"$BUILDAH_BIN" --root "$BUILDAH_DIR/root" --runroot "$BUILDAH_DIR/runroot" \
		--storage-driver overlay "$@"
}
# the same under a timeout, for cleanups that must not hang
bh_timed() { timeout -k 5 60 "$BUILDAH_BIN" --root "$BUILDAH_DIR/root" --runroot "$BUILDAH_DIR/runroot" \
	--storage-driver overlay "$@"; }

buildah_import_busybox() {
	local name=$1 ctx=$BUILDAH_DIR/busybox-ctx
	mkdir -p "$ctx" || return 1
	# shellcheck source=tests/lib/bundle.sh
	(. "$(dirname "${BASH_SOURCE[0]}")"/bundle.sh && make_rootfs "$ctx/rootfs") || return 1
	tar -C "$ctx/rootfs" -cf "$ctx"/busybox.tar . || return 1
	rm -rf --one-file-system "$ctx/rootfs"
	printf '%s\n' 'FROM scratch' 'ADD busybox.tar /' 'ENV PATH=/usr/sbin:/usr/bin:/sbin:/bin' \
		'CMD ["sh"]' >"$ctx"/Containerfile
	bh bud --isolation chroot -t "$name" "$ctx" >"$BUILDAH_DIR"/import.log 2>&1 || {
		cat "$BUILDAH_DIR"/import.log >&2
		return 1
	}
	rm -rf --one-file-system "$ctx"
}

buildah_env_teardown() {
	local mp
	[ -n "${BUILDAH_DIR:-}" ] && [ -d "$BUILDAH_DIR" ] || return 0
	bh_timed rm -a >/dev/null 2>&1
	awk -v d="$BUILDAH_DIR" 'index($5, d "/") == 1 || $5 == d {print $5}' /proc/self/mountinfo |
		sort -r | while read -r mp; do
		umount -l "$mp" 2>/dev/null
	done
	rm -rf --one-file-system "$BUILDAH_DIR"
}
