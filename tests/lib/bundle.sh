# tests/lib/bundle.sh — build OCI bundles from busybox-static, for tests and the demo.
# Source it, then:
#   make_bundle DIR [args...]   DIR/rootfs (busybox + applets, /etc/passwd, /etc/group)
#                               and DIR/config.json (runc-spec defaults, terminal false,
#                               hostname "pidbox-test", no linux.resources, args given)
#   bundle_set DIR [jq options...] 'jq filter'
#                               patch DIR/config.json in place (filter last, e.g.
#                               bundle_set d --arg h x '.hostname = $h')
# The config is written here with jq, not by `pidbox spec`, so tests do not depend
# on the command they test. PX_BUSYBOX overrides the busybox binary; PX_ROOTFS_TEMPLATE
# names a directory where one rootfs is built once and then copied (cp -a is one fork;
# ~270 `ln -s` are not).
# shellcheck shell=bash

PX_BUSYBOX=${PX_BUSYBOX:-/bin/busybox}

# make_rootfs DIR: a self-contained busybox root in DIR (no host path is referenced:
# applets are relative symlinks to bin/busybox).
make_rootfs() {
	local r=$1 a
	if [ ! -x "$PX_BUSYBOX" ]; then
		echo "make_rootfs: $PX_BUSYBOX missing (apt-get install busybox-static)" >&2
		return 1
	fi
	mkdir -p "$r"/bin "$r"/etc "$r"/proc "$r"/sys "$r"/dev "$r"/tmp "$r"/root "$r"/home \
		"$r"/var/run "$r"/mnt || return 1
	chmod 1777 "$r"/tmp
	cp "$PX_BUSYBOX" "$r"/bin/busybox || return 1
	ln -s bin "$r"/sbin
	mkdir -p "$r"/usr && ln -s ../bin "$r"/usr/bin && ln -s ../bin "$r"/usr/sbin
	for a in $("$PX_BUSYBOX" --list); do
		[ "$a" = busybox ] || ln -s busybox "$r/bin/$a" || return 1
	done
	printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' \
		'nobody:x:65534:65534:nobody:/nonexistent:/bin/false' >"$r"/etc/passwd
	printf '%s\n' 'root:x:0:' 'nogroup:x:65534:' 'nobody:x:65534:' >"$r"/etc/group
	echo pidbox-test >"$r"/etc/hostname
}

# bundle_config [args...]: the default config.json on stdout.
bundle_config() {
	# "--" so jq takes "-c" and friends as arguments, not as its own options.
	jq -n '$ARGS.positional as $args | {
	  ociVersion: "1.0.2-dev",
	  process: {
	    terminal: false,
	    user: {uid: 0, gid: 0},
	    args: (if ($args | length) > 0 then $args else ["sh"] end),
	    env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm"],
	    cwd: "/",
	    capabilities: ({} | .bounding = $caps | .effective = $caps | .permitted = $caps
	                      | .ambient = $caps),
	    rlimits: [{type: "RLIMIT_NOFILE", hard: 1024, soft: 1024}],
	    noNewPrivileges: true
	  },
	  root: {path: "rootfs", readonly: true},
	  hostname: "pidbox-test",
	  mounts: [
	    {destination: "/proc", type: "proc", source: "proc"},
	    {destination: "/dev", type: "tmpfs", source: "tmpfs",
	     options: ["nosuid", "strictatime", "mode=755", "size=65536k"]},
	    {destination: "/dev/pts", type: "devpts", source: "devpts",
	     options: ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"]},
	    {destination: "/dev/shm", type: "tmpfs", source: "shm",
	     options: ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"]},
	    {destination: "/dev/mqueue", type: "mqueue", source: "mqueue",
	     options: ["nosuid", "noexec", "nodev"]},
	    {destination: "/sys", type: "sysfs", source: "sysfs",
	     options: ["nosuid", "noexec", "nodev", "ro"]},
	    {destination: "/sys/fs/cgroup", type: "cgroup", source: "cgroup",
	     options: ["nosuid", "noexec", "nodev", "relatime", "ro"]}
	  ],
	  linux: {
	    namespaces: [{type: "pid"}, {type: "network"}, {type: "ipc"}, {type: "uts"},
	                 {type: "mount"}],
	    maskedPaths: ["/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys",
	                  "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats",
	                  "/proc/sched_debug", "/sys/firmware", "/proc/scsi"],
	    readonlyPaths: ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
	                    "/proc/sysrq-trigger"]
	  }
	}' --argjson caps '["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"]' --args -- "$@"
}

make_bundle() {
	local d=$1
	shift
	mkdir -p "$d" || return 1
	if [ -n "${PX_ROOTFS_TEMPLATE:-}" ]; then
		if [ ! -x "$PX_ROOTFS_TEMPLATE/bin/busybox" ]; then
			rm -rf "$PX_ROOTFS_TEMPLATE.tmp.$$"
			make_rootfs "$PX_ROOTFS_TEMPLATE.tmp.$$" || return 1
			rm -rf "$PX_ROOTFS_TEMPLATE"
			mv "$PX_ROOTFS_TEMPLATE.tmp.$$" "$PX_ROOTFS_TEMPLATE" || return 1
		fi
		cp -a "$PX_ROOTFS_TEMPLATE" "$d"/rootfs || return 1
	else
		make_rootfs "$d"/rootfs || return 1
	fi
	bundle_config "$@" >"$d"/config.json
}

bundle_set() {
	local d=$1 tmp
	shift
	tmp=$(mktemp "$d/.config.XXXXXX") || return 1
	if jq "$@" "$d"/config.json >"$tmp"; then
		mv "$tmp" "$d"/config.json
	else
		rm -f "$tmp"
		echo "bundle_set: jq failed: $*" >&2
		return 1
	fi
}
