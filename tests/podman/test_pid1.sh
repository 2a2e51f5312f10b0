# podman asks for pidbox's init through the run.oci.pidbox.init annotation (no
# tini or catatonit in the image): `podman stop` then stops a workload that has
# no SIGTERM handler with SIGTERM, instead of waiting for its timeout and SIGKILL.
# shellcheck shell=bash

test_pid1_annotation_through_podman() {
	run pod run --rm --annotation run.oci.pidbox.init=true "$IMG" sh -c 'echo "pid=$$ parent=$PPID"'
	assert_ok
	if is_pidbox; then
		assert_eq "$out" "pid=2 parent=1" "the workload's pids under pidbox's init"
	else
		assert_eq "$out" "pid=1 parent=0" "runc ignores the annotation"
	fi
}

test_pid1_stop_without_handler() {
	local code
	must pod run -d --name "$PX_ID" --annotation run.oci.pidbox.init=true "$IMG" sleep 1000
	must pod stop -t 2 "$PX_ID"
	code=$(pod inspect --format '{{.State.ExitCode}}' "$PX_ID")
	echo "exit code after stop: $code"
	if is_pidbox; then
		assert_eq "$code" 143 "stopped by SIGTERM, through pidbox's init"
	else
		assert_eq "$code" 137 "pid 1 ignored SIGTERM: SIGKILL after the timeout"
	fi
	must pod rm "$PX_ID"
}
