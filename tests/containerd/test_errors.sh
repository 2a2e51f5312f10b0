# ctr shows the runtime's own error when create fails.
# shellcheck shell=bash

# the shim passes the runtime's JSON log (--log-format json) on: a create that fails
# shows the runtime's own message
test_create_error_shows_runtime_message() {
	run ct_run --rm "$PX_ID" /nonexistent
	assert_fail
	if is_pidbox; then
		# pidbox's line, with its command and the container's id
		assert_match "$err" "OCI runtime create failed: (pidbox: )?create $PX_ID: process.args\[0\]: exec: \"/nonexistent\": stat /nonexistent: no such file" "ctr's error"
	else
		assert_contains "$err" "/nonexistent" "ctr's error"
	fi
	assert_eq "$(ct_status "$PX_ID")" "" "task after the failure"
}

# a config error names the JSON field, through the shim as on pidbox's own command line
test_config_error_names_field() {
	run ct_run --rm --cpu-shares=1 "$PX_ID" true
	assert_fail
	if is_pidbox; then
		assert_contains "$err" "create $PX_ID: config.json: linux.resources.cpu.shares: 1 is below the minimum 2" "ctr's error"
	else
		assert_contains "$err" "cpu-shares is 2" "ctr's error"
	fi
	assert_eq "$(ct_status "$PX_ID")" "" "task after the failure"
	[ ! -d "/sys/fs/cgroup/cpu$PX_CG_PARENT/$PX_ID" ] || fail "cgroup left behind"
}
