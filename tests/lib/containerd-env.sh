# tests/lib/containerd-env.sh — a private containerd for tests: its own config,
# root, state and sockets under one directory, started here and stopped by its pid;
# never the machine's /run/containerd/containerd.sock.
# Source it, then:
#   containerd_env_init DIR   write DIR/config.toml, start containerd on it, wait for
#                             its socket; exports CTRD_DIR, CTRD_PID, CTRD_NS
#   cr ARGS...                ctr on the private socket and namespace (cr_timed: under a
#                             timeout, for cleanups)
#   containerd_env_teardown   kill every task, stop containerd (TERM, then KILL), its
#                             shims (pids read before it stops), unmount and remove DIR
# The runc shim (io.containerd.runc.v2) runs the runtime named by
# `ctr run --runc-binary` (the shim's BinaryName option). The CRI plugin is disabled:
# it wants CNI, and ctr does not need it.
# shellcheck shell=bash

containerd_env_init() {
	local dir=$1 _
	mkdir -p "$dir"/root "$dir"/state "$dir"/opt || return 1
	CTRD_DIR=$dir
	# the namespace names the cgroup parent of every container (/<ns>/<id>): unique
	# per run, so that two runs never share or remove each other's cgroups
	CTRD_NS=${CTRD_NS:-pidbox-ctrd-$$}
	export CTRD_DIR CTRD_NS
	cat >"$dir"/config.toml <<EOF || return 1
version = 2
root = "$dir/root"
state = "$dir/state"
disabled_plugins = ["io.containerd.grpc.v1.cri", "io.containerd.snapshotter.v1.aufs",
  "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs",
  "io.containerd.snapshotter.v1.devmapper", "io.containerd.internal.v1.tracing",
  "io.containerd.tracing.processor.v1.otlp"]

[grpc]
  address = "$dir/containerd.sock"

[ttrpc]
  address = "$dir/containerd.sock.ttrpc"

[debug]
  address = "$dir/debug.sock"
  level = "info"

[metrics]
  address = ""

[plugins."io.containerd.internal.v1.opt"]
  path = "$dir/opt"
EOF
	containerd --config "$dir"/config.toml </dev/null >"$dir"/containerd.log 2>&1 &
	CTRD_PID=$!
	export CTRD_PID
	for _ in $(seq 100); do
		[ -S "$dir"/containerd.sock ] && ctr --address "$dir"/containerd.sock version >/dev/null 2>&1 &&
			return 0
		kill -0 "$CTRD_PID" 2>/dev/null || break
		sleep 0.1
	done
	echo "containerd_env_init: containerd did not come up:" >&2
	tail -20 "$dir"/containerd.log >&2
	return 1
}

cr() { ctr --address "$CTRD_DIR"/containerd.sock --namespace "$CTRD_NS" "$@"; }
# the same under a timeout, for cleanups that must not hang on a stuck shim
cr_timed() { timeout -k 5 20 ctr --address "$CTRD_DIR"/containerd.sock --namespace "$CTRD_NS" "$@"; }

# the shims of this containerd: they outlive it by design, and are ours when their
# command line names our socket (-address DIR/containerd.sock)
containerd_shim_pids() {
	local f
	for f in /proc/[0-9]*/cmdline; do
		{ tr '\0' ' ' <"$f"; } 2>/dev/null | grep -qF -- "-address $CTRD_DIR/containerd.sock " &&
			basename "$(dirname "$f")"
	done
	return 0
}

containerd_env_teardown() {
	local c mp shims _
	[ -n "${CTRD_DIR:-}" ] && [ -d "$CTRD_DIR" ] || return 0
	if [ -n "${CTRD_PID:-}" ] && kill -0 "$CTRD_PID" 2>/dev/null; then
		for c in $(cr_timed tasks ls -q 2>/dev/null); do
			cr_timed tasks kill -s KILL "$c" >/dev/null 2>&1
			cr_timed tasks delete -f "$c" >/dev/null 2>&1
		done
		for c in $(cr_timed containers ls -q 2>/dev/null); do
			cr_timed containers delete "$c" >/dev/null 2>&1
		done
	fi
	shims=$(containerd_shim_pids)
	if [ -n "${CTRD_PID:-}" ]; then
		kill -TERM "$CTRD_PID" 2>/dev/null
		# our child: it stays a zombie (its pid ours) until the wait below
		for _ in $(seq 50); do
			case "$(sed 's/.*) //' "/proc/$CTRD_PID/stat" 2>/dev/null)" in
			"" | Z*) break ;;
			esac
			sleep 0.1
		done
		kill -KILL "$CTRD_PID" 2>/dev/null
		wait "$CTRD_PID" 2>/dev/null
	fi
	for c in $shims; do kill -KILL "$c" 2>/dev/null; done
	awk -v d="$CTRD_DIR" 'index($5, d "/") == 1 || $5 == d {print $5}' /proc/self/mountinfo |
		sort -r | while read -r mp; do
		umount -l "$mp" 2>/dev/null
	done
	rm -rf --one-file-system "$CTRD_DIR"
}
