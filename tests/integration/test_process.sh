# process: args, env, cwd, user.
# shellcheck shell=bash

test_process_env() {
	new_bundle
	set_config '.process.env += ["FOO=bar baz", "EMPTY="]'
	must_in_container 'echo "$FOO|${EMPTY-unset}|$PATH"; env | grep -c ^HOSTNAME= || :'
	assert_eq "$(head -1 <<<"$out")" "bar baz||/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" "env"
}

test_process_cwd() {
	new_bundle
	mkdir -p "$B/rootfs/work/dir"
	set_config '.process.cwd = "/work/dir"'
	must_in_container pwd
	assert_eq "$out" /work/dir "cwd"
}

test_process_user() {
	new_bundle
	set_config '.process.user = {uid: 65534, gid: 65534} | .root.readonly = false'
	must_in_container 'id -u; id -g; touch /tmp/f && stat -c "%u:%g" /tmp/f'
	assert_eq "$out" $'65534\n65534\n65534:65534' "ids inside"
}

test_process_additional_gids() {
	new_bundle
	set_config '.process.user = {uid: 1000, gid: 1000, additionalGids: [5, 65534]}'
	must_in_container 'id -u; id -g; id -G'
	assert_eq "$out" $'1000\n1000\n1000 5 65534' "ids inside"
}

test_process_args_verbatim() {
	new_bundle sh -c 'for a in "$@"; do echo "[$a]"; done' sh 'a b' '' '$HOME' '*'
	must rt run -b "$B" "$PX_ID"
	assert_eq "$out" $'[a b]\n[]\n[$HOME]\n[*]' "arguments"
}
