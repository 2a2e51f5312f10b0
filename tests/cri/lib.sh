# tests/cri/lib.sh — helpers for CRI tests (sourced by tests/lib/run-one.sh).
#
# A test file tests/cri/test_*.sh defines functions test_*; each runs in its own
# bash, once with pidbox and once with runc, with:
#   RUNTIME  the runtime's path    RT_NAME  pidbox or runc: the CRI runtime handler
#   PX_ID    a unique name         PX_TMP   scratch dir, removed afterwards
#   PX_CG_PARENT  the pods' cgroup parent (each container: PX_CG_PARENT/<its id>)
# The assertions (run, must, assert_*) are the integration suite's; `must cri_call`
# leaves the response's JSON in $out.
# shellcheck shell=bash

TOP=${TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
# shellcheck source=tests/integration/lib.sh
. "$TOP"/tests/integration/lib.sh

CRI_PY=$TOP/tests/cri/cri.py
CRI_SOCKET=$CTRD_DIR/containerd.sock
CRI_GEN_DIR=$ENGINE_TMP/gen
export CRI_SOCKET CRI_GEN_DIR
IMG=localhost/busybox:latest
# the handler's runtime state (its --root), set by containerd-env.sh, and in it the
# namespace's directory the shim adds
CRI_RT_ROOT=$CTRD_DIR/rt-$RT_NAME/k8s.io

# cri_call METHOD [JSON]: one CRI call; the response's JSON on stdout
cri_call() { "$CRI_PY" call "$@"; }
# cri_exec ID TIMEOUT CMD...: ExecSync; the command's output and exit code
cri_exec() { "$CRI_PY" exec "$@"; }

# cri_pod_config [JQ-FILTER]: the test's PodSandboxConfig, a unique pod on the host's
# network (no CNI here) with its logs under $PX_TMP/logs and its cgroups under
# $PX_CG_PARENT, a pid namespace per container (what the kubelet asks for unless the
# pod sets shareProcessNamespace), edited by JQ-FILTER; also saved in
# $PX_TMP/pod.json for CreateContainer's sandbox_config
cri_pod_config() {
	mkdir -p "$PX_TMP"/logs
	jq -n --arg name "$PX_ID" --arg logs "$PX_TMP/logs" --arg cg "$PX_CG_PARENT" '{
		metadata: {name: $name, uid: ($name + "-uid"), namespace: "pidbox-test", attempt: 0},
		log_directory: $logs,
		linux: {cgroup_parent: $cg,
			security_context: {namespace_options: {network: "NODE", pid: "CONTAINER"}}}
	}' | jq "${1:-.}" >"$PX_TMP"/pod.json && cat "$PX_TMP"/pod.json
}

# cri_runp [JQ-FILTER]: RunPodSandbox with the handler under test; sets POD
cri_runp() {
	local cfg
	cfg=$(cri_pod_config "${1:-.}") || fail "pod config"
	must cri_call RunPodSandbox "$(jq -n --argjson c "$cfg" --arg h "$RT_NAME" \
		'{config: $c, runtime_handler: $h}')"
	POD=$(jq -r .pod_sandbox_id <<<"$out")
	case "$POD" in "" | null) fail "RunPodSandbox gave no id" ;; esac
}

# the masked and read-only paths the kubelet sends for every container (its
# default procMount); containerd 1.6's CRI plugin adds none of its own
CRI_MASKED_PATHS='["/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
	"/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware"]'
CRI_READONLY_PATHS='["/proc/asound", "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"]'

# cri_create NAME [JQ-FILTER] -- CMD...: CreateContainer in $POD running CMD in the
# busybox image, its log at $PX_TMP/logs/NAME.log, as the kubelet would: the pod's
# namespace choices copied, the masked and read-only paths above; the
# ContainerConfig edited by JQ-FILTER; sets CID
cri_create() {
	local name=$1 filter=. cfg cmd a
	shift
	if [ "${1:-}" != -- ]; then
		filter=$1
		shift
	fi
	[ "${1:-}" = -- ] || fail "cri_create: no -- before the command"
	shift
	# the command as a JSON array, one --arg at a time (jq --args would take an
	# argument such as -c as its own option)
	cmd='[]'
	for a in "$@"; do cmd=$(jq -c --arg a "$a" '. + [$a]' <<<"$cmd") || fail "command $*"; done
	cfg=$(jq -n --arg name "$name" --arg img "$IMG" --argjson cmd "$cmd" \
		--argjson masked "$CRI_MASKED_PATHS" --argjson ro "$CRI_READONLY_PATHS" \
		--slurpfile pod "$PX_TMP"/pod.json '{
		metadata: {name: $name}, image: {image: $img}, command: $cmd,
		log_path: ($name + ".log"),
		linux: {security_context: {
			namespace_options: ($pod[0].linux.security_context.namespace_options // {}),
			masked_paths: $masked, readonly_paths: $ro}}
	}' | jq "$filter") || fail "container config"
	must cri_call CreateContainer "$(jq -n --arg p "$POD" --argjson c "$cfg" \
		--slurpfile s "$PX_TMP"/pod.json '{pod_sandbox_id: $p, config: $c, sandbox_config: $s[0]}')"
	CID=$(jq -r .container_id <<<"$out")
	case "$CID" in "" | null) fail "CreateContainer gave no id" ;; esac
}

# cri_run NAME [JQ-FILTER] -- CMD...: create and start; sets CID
cri_run() {
	cri_create "$@"
	must cri_call StartContainer "{\"container_id\": \"$CID\"}"
}

# cri_status ID: the ContainerStatus (.status of the response)
cri_status() { cri_call ContainerStatus "{\"container_id\": \"$1\"}" | jq -c .status; }
cri_state() { cri_status "$1" | jq -r .state; }

# cri_wait_state ID STATE [TENTHS]: poll ContainerStatus until its state is STATE
cri_wait_state() {
	local i s=
	for i in $(seq "${3:-100}"); do
		s=$(cri_state "$1")
		[ "$s" = "$2" ] && return 0
		sleep 0.1
	done
	fail "container $1 is '$s', expected '$2'"
}

# cri_pid ID: the container's host pid (from the runtime, under its handler's root)
cri_pid() { "$RUNTIME" --root "$CRI_RT_ROOT" state "$1" | jq -r .pid; }

# cri_stop ID TIMEOUT: StopContainer
cri_stop() { must cri_call StopContainer "{\"container_id\": \"$1\", \"timeout\": $2}"; }

# cri_cg_file ID CONTROLLER FILE: the container's cgroup v1 file
cri_cg_file() { cat "/sys/fs/cgroup/$2$PX_CG_PARENT/$1/$3"; }

# cri_procs_are ID N: the container's cgroup holds N processes (a cgroup removed
# with its container holds 0)
cri_procs_are() {
	local f=/sys/fs/cgroup/pids$PX_CG_PARENT/$1/cgroup.procs n
	n=$(wc -l <"$f" 2>/dev/null) || n=0
	[ "$n" -eq "$2" ]
}
