# buildah bud: RUN steps with files, USER, WORKDIR and ~ (HOME from the image's
# /etc/passwd, as runc sets it), a failing RUN and its exit code.
# shellcheck shell=bash

# img_file TAG PATH: a file of a built image, read through a working container
# (buildah mount: no runtime involved in the reading)
img_file() {
	local c mnt
	c=$(bh from "$1") || fail "buildah from $1"
	mnt=$(bh mount "$c") || fail "buildah mount $c"
	cat "$mnt/$2"
	bh umount "$c" >/dev/null
	bh rm "$c" >/dev/null
}

test_run_steps() {
	containerfile 'RUN echo made-by-run >/made && mkdir -p /data && echo $HOME >/data/home-root' \
		'RUN echo in-home >~/f' \
		'USER 65534' \
		'WORKDIR /tmp/wd' \
		'RUN pwd >/tmp/wd/pwd && id -u >>/tmp/wd/pwd && echo "$HOME" >>/tmp/wd/pwd' \
		'USER 0' \
		'RUN cat /made /root/f'
	must bud_build "$PX_ID"
	assert_contains "$out" in-home "the last RUN's output"
	assert_eq "$(img_file "$PX_ID" /made)" made-by-run "file written by RUN"
	assert_eq "$(img_file "$PX_ID" /data/home-root)" /root "HOME of root in RUN"
	assert_eq "$(img_file "$PX_ID" /root/f)" in-home "~ in RUN"
	assert_eq "$(img_file "$PX_ID" /tmp/wd/pwd)" "/tmp/wd
65534
/nonexistent" "WORKDIR, USER and HOME of RUN"
}

# a RUN step as a non-root USER can write to its own stdout and stderr by path
test_user_stdio() {
	containerfile 'USER 65534' 'RUN echo to-stdout >/dev/stdout && echo to-stderr >/dev/stderr'
	must bud_build "$PX_ID"
	assert_contains "$out" to-stdout "RUN output through /dev/stdout"
}

test_failing_run() {
	containerfile 'RUN echo before' 'RUN exit 3' 'RUN echo never-reached'
	run bud_build "$PX_ID"
	assert_rc 3
	assert_contains "$err" "exit status 3" "buildah's error"
	assert_not_contains "$out" never-reached "steps after the failing RUN"
}
