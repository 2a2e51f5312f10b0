# podman shows the runtime's own error when create fails.
# shellcheck shell=bash

# conmon passes the runtime's JSON log (--log-format=json) on to the user: a create
# that fails must show the runtime's own message, on one line
test_create_error_shows_runtime_message() {
	run pod run --rm "$IMG" /nonexistent
	assert_fail
	echo "$err" | grep -q '^Error: ' || fail "no podman Error line"
	if is_pidbox; then
		assert_match "$err" 'pidbox: create [0-9a-f]{64}: process.args\[0\]: exec "/nonexistent": No such file' "podman's error"
		assert_eq "$(printf '%s\n' "$err" | grep -c 'pidbox:')" 1 "lines naming pidbox"
	else
		assert_contains "$err" "/nonexistent" "podman's error"
	fi
	# nothing is left: podman removed the container, the runtime its state
	assert_eq "$(pm ps -a -q)" "" "containers left"
}
