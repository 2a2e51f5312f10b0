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
# `ctr run --runc-binary` (the shim's BinaryName option). The CRI plugin is disabled
# (ctr does not need it), unless CTRD_CRI_RUNTIMES is set when containerd_env_init
# runs (tests/cri):
#   CTRD_CRI_RUNTIMES="NAME=BINARY ..."  a CRI runtime handler per word: the runc shim
#                             with BinaryName BINARY and the runtime's state (its
#                             --root) under DIR/rt-NAME; the first is the default
#   CTRD_CRI_SANDBOX_IMAGE    the pods' sandbox ("pause") image: no registry is
#                             reachable, so it must be imported before a pod runs
# CNI is given empty directories (there is no plugin here): only pods on the host's
# network (NamespaceOption network NODE) can run.
# shellcheck shell=bash

containerd_env_init() {
	local dir=$1 _
	mkdir -p "$dir"/root "$dir"/state "$dir"/opt || return 1
	CTRD_DIR=$dir
	# the namespace names the cgroup parent of every container (/<ns>/<id>): unique
	# per run, so that two runs never share or remove each other's cgroups
	CTRD_NS=${CTRD_NS:-pidbox-ctrd-$$}
	export CTRD_DIR CTRD_NS
	local cri='"io.containerd.grpc.v1.cri", '
	[ -z "${CTRD_CRI_RUNTIMES:-}" ] || cri=
	cat >"$dir"/config.toml <<EOF || return 1
version = 2
root = "$dir/root"
state = "$dir/state"
disabled_plugins = [${cri}"io.containerd.snapshotter.v1.aufs",
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
	[ -z "${CTRD_CRI_RUNTIMES:-}" ] || containerd_cri_config "$dir" >>"$dir"/config.toml || return 1
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

# containerd_cri_config DIR: the CRI plugin's section of config.toml (see the top)
containerd_cri_config() {
	local dir=$1 h name bin
	mkdir -p "$dir"/cni/bin "$dir"/cni/conf || return 1
	# stream server on a port the kernel picks: runs side by side never collide;
	# no AppArmor (this kernel has none, and a profile would be loaded host-wide);
	# oom_score_adj never below containerd's own (the sandbox asks for -998, which
	# needs CAP_SYS_RESOURCE, which root lacks on this host)
	cat <<EOF
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "${CTRD_CRI_SANDBOX_IMAGE:-}"
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"
  disable_apparmor = true
  restrict_oom_score_adj = true
  enable_selinux = false
  max_container_log_line_size = 16384
[plugins."io.containerd.grpc.v1.cri".cni]
  bin_dir = "$dir/cni/bin"
  conf_dir = "$dir/cni/conf"
[plugins."io.containerd.grpc.v1.cri".containerd]
  snapshotter = "overlayfs"
  default_runtime_name = "${CTRD_CRI_RUNTIMES%%=*}"
EOF
	for h in $CTRD_CRI_RUNTIMES; do
		name=${h%%=*} bin=${h#*=}
		cat <<EOF
[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.$name]
  runtime_type = "io.containerd.runc.v2"
[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.$name.options]
  BinaryName = "$bin"
  Root = "$dir/rt-$name"
  SystemdCgroup = false
EOF
	done
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
