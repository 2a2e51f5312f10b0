# Bad input: one clear line on stderr, non-zero exit, nothing left behind.
# shellcheck shell=bash

# expect_create_error [JSON-PATH]: `create` and `run` both fail cleanly.
expect_create_error() {
	rt_create "$PX_ID" "$B"
	assert_fail
	assert_one_error_line "${1:-}"
	assert_nothing_left
	[ -z "$(ls -A "$PX_ROOT")" ] || fail "state root not empty: $(ls -A "$PX_ROOT")"
	run rt run -b "$B" "$PX_ID"
	assert_fail
	assert_one_error_line "${1:-}"
	assert_nothing_left
}

test_err_malformed_config() {
	new_bundle true
	echo '{"ociVersion": "1.0.2", "process": {' >"$B/config.json"
	expect_create_error config.json
}

test_err_missing_config() {
	new_bundle true
	rm "$B/config.json"
	expect_create_error config.json
}

# config.json that is a directory: one line saying so (not a read error)
test_err_config_is_directory() {
	new_bundle true
	rm "$B/config.json"
	mkdir "$B/config.json"
	expect_create_error config.json
	is_pidbox && assert_contains "$err" "is a directory, not a regular file" "stderr"
}

test_err_wrong_type() {
	new_bundle true
	set_config '.process.args = "true"'
	expect_create_error process.args
}

test_err_missing_args() {
	new_bundle true
	set_config 'del(.process.args)'
	expect_create_error process.args
}

test_err_unsupported_field_refused() {
	skip_unless_pidbox "runc applies linux.intelRdt where the host has it"
	new_bundle true
	set_config '.linux.intelRdt = {closID: "x"}'
	expect_create_error linux.intelRdt
	assert_contains "$err" "not supported" "stderr"
}

test_err_missing_rootfs() {
	new_bundle true
	set_config '.root.path = "no-such-rootfs"'
	expect_create_error
}

test_err_missing_executable() {
	new_bundle /no/such/binary
	expect_create_error
}

test_err_bad_cwd() {
	new_bundle true
	set_config '.process.cwd = "/etc/passwd"' # a file: chdir fails
	rt_create "$PX_ID" "$B"
	if [ "$rc" -eq 0 ]; then
		# some runtimes only find out at start; it must fail there
		run rt start "$PX_ID"
		assert_fail
		must rt delete -f "$PX_ID"
	else
		assert_one_error_line
	fi
	assert_nothing_left
	set_config '.process.cwd = "relative/dir"'
	expect_create_error process.cwd
}

test_err_invalid_id() {
	local id
	new_bundle true
	for id in ../escape a/b "" .. "with space"; do
		rt_create "$id" "$B"
		assert_fail
		assert_one_error_line
	done
	[ ! -e "$PX_ROOT/../escape" ] || fail "state written outside --root"
	[ -z "$(ls -A "$PX_ROOT")" ] || fail "state root not empty: $(ls -A "$PX_ROOT")"
	assert_nothing_left
}

test_err_unknown_container() {
	local c
	for c in start state kill delete; do
		run rt "$c" no-such-container
		assert_fail
		assert_one_error_line no-such-container
	done
}

test_err_bad_oci_version() {
	skip_unless_pidbox "runc does not check ociVersion"
	new_bundle true
	set_config '.ociVersion = "9.0.0"'
	expect_create_error ociVersion
}

test_log_json_on_error() {
	new_bundle true
	set_config '.process.args = 5'
	run rt --log "$PX_TMP/log.json" --log-format json run -b "$B" "$PX_ID"
	assert_fail
	[ -s "$PX_TMP/log.json" ] || fail "no log written"
	cat "$PX_TMP/log.json"
	jq -e -s 'length > 0 and all(.[]; (.level | type) == "string" and (.msg | type) == "string"
		and (.time | type) == "string") and any(.[]; .level == "error")' "$PX_TMP/log.json" ||
		fail "log lines are not JSON with level/msg/time and an error"
	assert_nothing_left
}

test_log_text() {
	new_bundle true
	set_config 'del(.process.args)'
	run rt --log "$PX_TMP/log.txt" run -b "$B" "$PX_ID"
	assert_fail
	[ -s "$PX_TMP/log.txt" ] || fail "no log written"
	grep -q error "$PX_TMP/log.txt" || fail "no error in the text log"
}

# Device numbers the kernel cannot hold (major > 4095, minor > 2^20-1) were
# truncated: major 4294967297 became 1, and the container got 1:1, /dev/mem.
# Refused naming the field, and no such node is ever made.
test_err_device_number_out_of_range() {
	skip_unless_pidbox "runc 1.1.5 makes the node with the truncated number"
	new_bundle sh -c 'ls -l /dev/x; head -c 16 /dev/x | od -An -tx1'
	set_config '.linux.devices = [{path: "/dev/x", type: "c", major: 4294967297, minor: 1}]'
	expect_create_error "linux.devices[0].major: 4294967297 is out of range"
	set_config '.linux.devices = [{path: "/dev/x", type: "c", major: 1, minor: 1048576}]'
	expect_create_error "linux.devices[0].minor: 1048576 is out of range"
	set_config 'del(.linux.devices) | .linux.resources.devices = [{allow: true, type: "c", major: 4294967297, minor: 1, access: "rwm"}]'
	expect_create_error "linux.resources.devices[0].major"
	set_config 'del(.linux.resources.devices) | .linux.resources.blockIO = {throttleReadBpsDevice: [{major: 8, minor: 4294967296, rate: 1}]}'
	expect_create_error "linux.resources.blockIO.throttleReadBpsDevice[0].minor"
	# the largest numbers the kernel has are fine
	set_config 'del(.linux.resources.blockIO) | .linux.devices = [{path: "/dev/x", type: "c", major: 4095, minor: 1048575}]'
	set_config '.process.args = ["sh", "-c", "stat -c %t:%T /dev/x"]'
	must rt run -b "$B" "$PX_ID"
	assert_eq "$out" "fff:fffff" "device number of /dev/x"
}

# Annotations are copied into state.json, which every list/state reads: their
# total is bounded (1 MiB), refused naming the key that crosses it.
test_err_annotations_too_large() {
	skip_unless_pidbox "runc has no bound on annotations"
	new_bundle true
	head -c 2000000 /dev/zero | tr '\0' a >"$PX_TMP/big"
	set_config --rawfile v "$PX_TMP/big" '.annotations = {"small": "x", "org.example.big": $v}'
	expect_create_error "annotations.org.example.big: the annotations add up to more than 1048576 bytes"
	# a config above the input bound (16 MiB) is refused before it is parsed
	head -c 17000000 /dev/zero | tr '\0' a >"$PX_TMP/big"
	set_config --rawfile v "$PX_TMP/big" '.annotations = {"org.example.huge": $v}'
	expect_create_error "config.json"
	assert_contains "$err" "larger than" "stderr"
}

# A JSON syntax error names the file, its line and its column.
test_err_json_line_column() {
	skip_unless_pidbox "runc's messages give a byte offset"
	new_bundle true
	printf '{\n  "ociVersion": "1.0.2",\n  "process": {"args": ["true"],, }\n}\n' >"$B/config.json"
	expect_create_error "config.json: invalid JSON at line 3, column 32: parse error"
}

# Duplicate keys are refused (spec/json_parse.c says why): runc's Go decoder keeps
# "a" for "hostname":"a","hostname":null, another reader would see null; and a
# duplicated annotation would have been written back twice into state.json.
test_err_json_duplicate_key() {
	skip_unless_pidbox "runc's Go decoder merges duplicate keys"
	new_bundle true
	jq -c . "$B/config.json" | sed 's/^{/{"hostname":"a","hostname":null,/' >"$B/c.json"
	mv "$B/c.json" "$B/config.json"
	expect_create_error "config.json: invalid JSON at line 1, column 17: duplicate key hostname (first at line 1, column 2)"
	set_config '.annotations = {}'
	jq -c . "$B/config.json" | sed 's/"annotations":{}/"annotations":{"k":"1","k":"2"}/' >"$B/c.json"
	mv "$B/c.json" "$B/config.json"
	expect_create_error "duplicate key annotations.k"
}

# Overlong UTF-8 (Go would turn it into U+FFFD) is refused, as other bad UTF-8 was.
test_err_json_bad_utf8() {
	skip_unless_pidbox "runc's Go decoder replaces ill-formed UTF-8 with U+FFFD"
	new_bundle true
	set_config '.hostname = "XX"'
	sed -i 's/"XX"/"\xc0\xaf"/' "$B/config.json"
	expect_create_error "ill-formed UTF-8 (byte 0xc0)"
}

# exec -p, update --resources and a damaged state.json say where, too.
test_err_json_line_column_other_files() {
	skip_unless_pidbox "runc's messages give a byte offset"
	new_bundle sleep 100
	must_create "$PX_ID" "$B"
	printf '{"args": ["true"],\n "cwd": x}' >"$PX_TMP/p.json"
	run rt exec -p "$PX_TMP/p.json" "$PX_ID"
	assert_fail
	assert_one_error_line "--process $PX_TMP/p.json: invalid JSON at line 2, column 9: lexical error"
	printf '{"memory": {"limit": 1,\n"limit": 2}}' >"$PX_TMP/r.json"
	run rt update --resources "$PX_TMP/r.json" "$PX_ID"
	assert_fail
	assert_one_error_line "--resources: invalid JSON at line 2, column 1: duplicate key memory.limit"
	local state=$PX_ROOT/$PX_ID/state.json
	[ -f "$state" ] || fail "no $state"
	cp "$state" "$PX_TMP/state.json"
	printf '{\n\n   ]' >"$state"
	run rt state "$PX_ID"
	assert_fail
	# pidbox's own file: where, but not why (a why may quote its bytes)
	assert_one_error_line "state.json: invalid JSON at line 3, column 4: malformed"
	cp "$PX_TMP/state.json" "$state"
	must rt delete -f "$PX_ID"
}
