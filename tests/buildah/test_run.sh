# buildah run: exit codes, user, working directory, a workload that cannot be started.
# shellcheck shell=bash

test_buildah_run() {
	local c
	c=$(bh from --name "$PX_ID" "$IMG") || fail "buildah from"
	must bh_run "$c" -- sh -c 'echo $HOME; id -u'
	assert_eq "$out" "/root
0" "HOME and uid of buildah run"
	run bh_run "$c" -- sh -c 'exit 5'
	assert_rc 5
	must bh_run --user 65534 --workingdir /new/dir "$c" -- sh -c 'pwd; id -u; echo $HOME'
	assert_eq "$out" "/new/dir
65534
/nonexistent" "cwd, uid and HOME of buildah run --user --workingdir"
	# a missing executable: a failure that names it, not a hang
	run bh_run "$c" -- /nonexistent
	assert_fail
	assert_contains "$err" /nonexistent "error of a missing executable"
}
