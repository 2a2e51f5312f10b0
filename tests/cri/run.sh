#!/bin/bash
# tests/cri/run.sh [REGEX] — containerd's CRI plugin (what a kubelet talks to) as a
# real client of pidbox, and of runc as the control, driven by tests/cri/cri.py (a
# small client of the CRI v1 gRPC API) on a private containerd
# (tests/lib/containerd-env.sh with CTRD_CRI_RUNTIMES: own config, root, state and
# socket; two runtime handlers, `pidbox` and `runc`, both the runc shim with
# BinaryName; started here and stopped by its pid). Each test runs its pods with the
# handler $RT_NAME. Images: busybox and a "pause" image (busybox-static, a sleeping
# sh as entrypoint), `podman import`ed, `podman save`d and `ctr images import`ed
# into the k8s.io namespace the CRI plugin uses. No CNI plugin exists here: pods
# use the host's network. See tests/lib/engine-suite.sh for the runner. As root.
set -u
here=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$here/../.." && pwd)
export TOP
BUILD=${BUILD:-build}
# shellcheck source=tests/lib/engine-suite.sh
. "$TOP"/tests/lib/engine-suite.sh
# shellcheck source=tests/lib/podman-env.sh
. "$TOP"/tests/lib/podman-env.sh
# shellcheck source=tests/lib/containerd-env.sh
. "$TOP"/tests/lib/containerd-env.sh

CRI_PAUSE_IMAGE=localhost/pause:px
# the pod's pid 1 when the pod shares one pid namespace: it must reap what the
# others leave (sh's wait does), and end on TERM
CRI_PAUSE_CMD="trap 'exit 0' TERM INT; while :; do sleep 86400 & wait; done"

suite_setup() {
	local t rt list=
	for t in containerd ctr containerd-shim-runc-v2 podman protoc /usr/bin/python3; do
		command -v "$t" >/dev/null || { echo "cri suite: $t missing (tests/lib/deps.sh installs it)"; return 1; }
	done
	/usr/bin/python3 -c 'import grpc, google.protobuf' ||
		{ echo "cri suite: python3-grpcio or python3-protobuf missing (tests/lib/deps.sh installs them)"; return 1; }
	podman_env_init "$ENGINE_TMP/podman" "$(engine_runtime_path pidbox)" || return 1
	podman_import_busybox localhost/busybox:latest || return 1
	podman_import_busybox "$CRI_PAUSE_IMAGE" "ENTRYPOINT [\"/bin/sh\", \"-c\", \"$CRI_PAUSE_CMD\"]" \
		'CMD []' || return 1
	pm save -m -o "$ENGINE_TMP"/images.tar localhost/busybox:latest "$CRI_PAUSE_IMAGE" >/dev/null 2>&1 ||
		return 1
	podman_env_teardown
	for rt in ${ENGINE_RUNTIMES:-pidbox runc}; do list="$list $rt=$(engine_runtime_path "$rt")"; done
	# k8s.io: the CRI plugin's namespace, where its images must be
	CTRD_NS=k8s.io CTRD_CRI_RUNTIMES=${list# } CTRD_CRI_SANDBOX_IMAGE=$CRI_PAUSE_IMAGE
	export CTRD_NS CTRD_CRI_RUNTIMES CTRD_CRI_SANDBOX_IMAGE
	containerd_env_init "$ENGINE_TMP/containerd" || return 1
	cr images import "$ENGINE_TMP"/images.tar >/dev/null || return 1
	rm -f "$ENGINE_TMP"/images.tar
	# the client's generated code, compiled once for the run
	CRI_SOCKET=$CTRD_DIR/containerd.sock CRI_GEN_DIR=$ENGINE_TMP/gen "$here"/cri.py call Version >/dev/null
}

suite_teardown() {
	containerd_env_teardown
	podman_env_teardown
}

# every pod of the run (tests run one at a time): stopping and removing a pod
# removes its containers
test_cleanup() {
	CRI_SOCKET=$CTRD_DIR/containerd.sock CRI_GEN_DIR=$ENGINE_TMP/gen CRI_DEADLINE=30 \
		"$here"/cri.py remove-pods
}

engine_suite_main "$here" "${1:-.}"
