# ctr shows the runtime's own error when create fails.
# shellcheck shell=bash

# the shim passes the runtime's JSON log (--log-format json) on: a create that fails
# shows the runtime's own message
test_create_error_shows_runtime_message() {
	run ct_run --rm "$PX_ID" /nonexistent
	assert_fail
	if is_pidbox; then
		# pidbox's line, with its command and the container's id
		assert_match "$err" "OCI runtime create failed: (pidbox: )?create $PX_ID: process.args\[0\]: exec \"/nonexistent\": No such file" "ctr's error"
	else
		assert_contains "$err" "/nonexistent" "ctr's error"
	fi
	assert_eq "$(ct_status "$PX_ID")" "" "task after the failure"
}
