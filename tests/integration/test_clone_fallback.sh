# The clone() fallback of ns/clone.c: pidbox under a seccomp filter that answers
# ENOSYS to clone3 (as a pre-5.3 kernel, or Docker's default profile, does).
# shellcheck shell=bash

# use_no_clone3: from here on, $RUNTIME runs under tests/helpers/no-clone3 (built
# by `make unit` next to the pidbox binary under test).
use_no_clone3() {
	local h real=$RUNTIME
	h=$(dirname "$RUNTIME")/tests/helpers/no-clone3
	[ -x "$h" ] || fail "$h missing (make unit)"
	printf '#!/bin/sh\nexec "%s" "%s" "$@"\n' "$h" "$real" >"$PX_TMP/pidbox-no-clone3"
	chmod +x "$PX_TMP/pidbox-no-clone3"
	RUNTIME=$PX_TMP/pidbox-no-clone3
}

test_clone_fallback_run_and_exit_code() {
	skip_unless_pidbox "tests pidbox's own clone3 fallback"
	use_no_clone3
	new_bundle sh -c 'echo pid=$$ host=$(hostname); exit 7'
	run rt --debug run -b "$B" "$PX_ID"
	assert_rc 7
	assert_contains "$out" "pid=1 host=pidbox-test" "container output"
	# the fallback is announced once, at debug level
	assert_contains "$err" "falling back to clone()" "debug log"
	assert_nothing_left
}

test_clone_fallback_create_start_delete() {
	skip_unless_pidbox "tests pidbox's own clone3 fallback"
	use_no_clone3
	ctl_bundle 'echo ready > /ctl/ready; sleep 100'
	rt_create "$PX_ID" "$B"
	assert_ok
	must rt state "$PX_ID"
	assert_contains "$out" '"status": "created"'
	must rt start "$PX_ID"
	wait_file "$PX_TMP/ctl/ready"
	must rt delete -f "$PX_ID"
	assert_nothing_left
}
