# podman shows the runtime's own error when create fails.
# shellcheck shell=bash

# conmon passes the runtime's JSON log (--log-format=json) on to the user: a create
# that fails must show the runtime's own message, on one line
test_create_error_shows_runtime_message() {
	run pod run --rm "$IMG" /nonexistent
	assert_fail
	echo "$err" | grep -q '^Error: ' || fail "no podman Error line"
	if is_pidbox; then
		assert_match "$err" 'pidbox: create [0-9a-f]{64}: process.args\[0\]: exec: "/nonexistent": stat /nonexistent: no such file' "podman's error"
		assert_eq "$(printf '%s\n' "$err" | grep -c 'pidbox:')" 1 "lines naming pidbox"
	else
		assert_contains "$err" "/nonexistent" "podman's error"
	fi
	# nothing is left: podman removed the container, the runtime its state
	assert_eq "$(pm ps -a -q)" "" "containers left"
}

# a config error names the JSON field, through podman as on pidbox's own command line
test_config_error_names_field() {
	run pod run --rm --cpu-shares 1 "$IMG" true
	assert_fail
	if is_pidbox; then
		assert_contains "$err" "config.json: linux.resources.cpu.shares: 1 is below the minimum 2" "podman's error"
	else
		assert_contains "$err" "cpu-shares is 2" "podman's error"
	fi
	assert_eq "$(pm ps -a -q)" "" "containers left"
	# the container's cgroup is gone (podman keeps its conmon cgroup beside it)
	! ls -d /sys/fs/cgroup/*"$PX_CG_PARENT"/libpod-* 2>/dev/null || fail "the container's cgroup left behind"
}

# a runtime not named in runtime_supports_json gets no --log-format=json: podman then
# shows what it wrote on stderr, which must still be its one error line
test_create_error_without_json_log() {
	sed "s/, \"$RT_NAME\"\\([],]\\)/\\1/" "$CONTAINERS_CONF" >"$PX_TMP/containers.conf"
	grep -q "\"$RT_NAME\"[],]" "$PX_TMP/containers.conf" && fail "$RT_NAME still in runtime_supports_json"
	export CONTAINERS_CONF=$PX_TMP/containers.conf
	run pod run --rm "$IMG" /nonexistent
	assert_fail
	if is_pidbox; then
		assert_match "$err" 'pidbox: create [0-9a-f]{64}: process.args\[0\]: exec: "/nonexistent": stat /nonexistent: no such file' "podman's error"
		assert_eq "$(printf '%s\n' "$err" | grep -c 'pidbox:')" 1 "lines naming pidbox"
	else
		assert_contains "$err" "/nonexistent" "podman's error"
	fi
}
