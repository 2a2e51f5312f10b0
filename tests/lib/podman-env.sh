# tests/lib/podman-env.sh — a private podman for tests: its own containers.conf,
# storage.conf and registries.conf under one directory, so nothing touches the
# machine's /var/lib/containers, /run/containers, /run/libpod or its cgroups.
# Source it, then:
#   podman_env_init DIR PIDBOX   write the config files under DIR (fresh, empty),
#                                register PIDBOX and runc as named runtimes and
#                                export CONTAINERS_CONF, CONTAINERS_STORAGE_CONF,
#                                CONTAINERS_REGISTRIES_CONF and PODMAN_DIR
#   pm ARGS...                   podman with the private --root/--runroot
#   podman_import_busybox NAME [CHANGE...]  make a busybox-static rootfs and `podman
#                                import` it as NAME (no registry is reachable here),
#                                with each CHANGE as an extra --change
#   podman_env_teardown          remove every container, unmount what podman mounted
#                                under DIR, remove DIR
# What this host needs, found with runc (see README "With podman"):
#   cgroup_manager cgroupfs (no systemd), events_logger file (no journald), file locks,
#   ulimits at or below the hard limits root has (no CAP_SYS_RESOURCE here), the
#   runtime's name in runtime_supports_json (podman passes --log-format=json only to
#   runtimes named there), netns "none" by default (no CNI/netavark network here).
# shellcheck shell=bash

PODMAN_BIN=${PODMAN_BIN:-podman}

podman_env_init() {
	local dir=$1 pidbox=$2
	mkdir -p "$dir"/root "$dir"/runroot "$dir"/tmp "$dir"/volumes || return 1
	PODMAN_DIR=$dir
	export PODMAN_DIR
	cat >"$dir"/containers.conf <<EOF || return 1
[containers]
netns = "none"
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
log_driver = "k8s-file"
init_path = "/usr/bin/catatonit"

[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$dir/events.log"
lock_type = "file"
tmp_dir = "$dir/tmp"
volume_path = "$dir/volumes"
runtime = "pidbox"
runtime_supports_json = ["crun", "runc", "kata", "runsc", "krun", "pidbox"]
num_locks = 256

[engine.runtimes]
pidbox = ["$pidbox"]
runc = ["$(command -v runc || echo /usr/sbin/runc)"]
EOF
	cat >"$dir"/storage.conf <<EOF || return 1
[storage]
driver = "overlay"
graphroot = "$dir/root"
runroot = "$dir/runroot"
EOF
	cat >"$dir"/registries.conf <<EOF || return 1
unqualified-search-registries = []
EOF
	export CONTAINERS_CONF=$dir/containers.conf
	export CONTAINERS_STORAGE_CONF=$dir/storage.conf
	export CONTAINERS_REGISTRIES_CONF=$dir/registries.conf
}

pm() {
	"$PODMAN_BIN" --root "$PODMAN_DIR/root" --runroot "$PODMAN_DIR/runroot" \
		--storage-driver overlay "$@"
}

# podman_import_busybox NAME [CHANGE...]: a tiny image (/bin/busybox + applet links,
# passwd, group) imported from a tar; CMD sh, then the CHANGEs (Dockerfile lines).
podman_import_busybox() {
	local name=$1 tree=$PODMAN_DIR/busybox-rootfs c changes=()
	shift
	for c in "$@"; do changes+=(--change "$c"); done
	# shellcheck source=tests/lib/bundle.sh
	(. "$(dirname "${BASH_SOURCE[0]}")"/bundle.sh && make_rootfs "$tree") || return 1
	tar -C "$tree" -cf "$PODMAN_DIR"/busybox.tar . || return 1
	rm -rf --one-file-system "$tree"
	pm import --change 'CMD ["sh"]' --change 'ENV PATH=/usr/sbin:/usr/bin:/sbin:/bin' "${changes[@]}" \
		"$PODMAN_DIR"/busybox.tar "$name" >/dev/null 2>"$PODMAN_DIR"/import.err || {
		cat "$PODMAN_DIR"/import.err >&2
		return 1
	}
}

podman_env_teardown() {
	local mp
	[ -n "${PODMAN_DIR:-}" ] && [ -d "$PODMAN_DIR" ] || return 0
	timeout -k 5 60 "$PODMAN_BIN" --root "$PODMAN_DIR/root" --runroot "$PODMAN_DIR/runroot" \
		rm -f -a -t 0 >/dev/null 2>&1
	awk -v d="$PODMAN_DIR" 'index($5, d "/") == 1 || $5 == d {print $5}' /proc/self/mountinfo |
		sort -r | while read -r mp; do
		umount -l "$mp" 2>/dev/null
	done
	rm -rf --one-file-system "$PODMAN_DIR"
}
