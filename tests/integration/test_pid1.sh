# pid 1: pidbox's own init (--init), exit codes and signals through it, and the
# kernel's pid-1 rules without it.
# shellcheck shell=bash

# add_helper NAME: copy tests/helpers/NAME (static, built by `make unit`) into the
# bundle's /bin.
add_helper() {
	local d
	d=$(dirname "$RUNTIME")/tests/helpers
	is_pidbox || d=$TOP/${BUILD:-build}/tests/helpers
	[ -x "$d/$1" ] || fail "$d/$1 missing (make unit)"
	cp "$d/$1" "$B/rootfs/bin/$1" || fail "copy $1"
}

# run_sh FLAGS SCRIPT: `run FLAGS` of sh -c SCRIPT in the foreground ($out/$err/$rc).
run_sh() {
	[ -f "$B/config.json" ] || new_bundle
	set_config --arg s "$2" '.process.args = ["sh", "-c", $s]'
	# shellcheck disable=SC2086 # FLAGS is a word list
	run rt run $1 -b "$B" "$PX_ID"
}

# start_bg FLAGS [TENTHS]: `run FLAGS` of the bundle in the background; waits for
# /ctl/ready (default 10 s).
start_bg() {
	rm -f "$PX_TMP/ctl/ready"
	# shellcheck disable=SC2086,SC2217 # FLAGS is a word list; bg runs the command
	bg rt run $1 -b "$B" "$PX_ID" </dev/null >"$PX_TMP/run.out" 2>&1
	wait_file "$PX_TMP/ctl/ready" "${2:-100}"
}

# wait_bg: the background run's exit status in $rc.
wait_bg() {
	wait "$bg_pid"
	rc=$?
	echo "  run exited with $rc: $(cat "$PX_TMP/run.out")"
}

# workload_pid: host pid of the process pidbox's init started (its only child).
workload_pid() {
	local init
	init=$(state_pid)
	cut -d' ' -f1 "/proc/$init/task/$init/children"
}

test_pid1_init_forks_workload_as_pid2() {
	skip_unless_pidbox "--init is pidbox's"
	run_sh --init 'echo "me=$$ parent=$PPID"; tr "\0" " " </proc/1/cmdline; echo; grep ^Name /proc/1/status'
	assert_ok
	assert_contains "$out" "me=2 parent=1" "the workload's pids"
	assert_match "$out" $'pidbox-init \nName:\tpidbox-init' "pid 1 is pidbox's init"
	# without --init the workload itself is pid 1, as the OCI spec says
	run_sh "" 'echo "me=$$"'
	assert_eq "$out" "me=1" "pid without --init"
	assert_nothing_left
}

test_pid1_init_annotation() {
	skip_unless_pidbox "the annotation is pidbox's"
	new_bundle
	set_config '.annotations["run.oci.pidbox.init"] = "true"'
	run_sh "" 'echo "me=$$"'
	assert_eq "$out" "me=2" "pid with the annotation"
	set_config '.annotations["run.oci.pidbox.init"] = "group"'
	run_sh "" 'echo "me=$$ pgid=$(cut -d" " -f5 /proc/self/stat)"'
	assert_eq "$out" "me=2 pgid=2" "group mode: own process group"
	set_config '.annotations["run.oci.pidbox.init"] = "false"'
	run_sh "" 'echo "me=$$"'
	assert_eq "$out" "me=1" "pid with the annotation false"
	set_config '.annotations["run.oci.pidbox.init"] = "maybe"'
	run_sh "" 'true'
	assert_fail
	assert_one_error_line 'annotations.run.oci.pidbox.init: "maybe" is not one of true, false, group'
	assert_nothing_left
}

test_pid1_exit_code_matrix() {
	local c mode
	for mode in "" --init; do
		is_pidbox || [ -z "$mode" ] || continue
		for c in 0 1 42 255; do
			run_sh "$mode" "exit $c"
			assert_rc "$c"
		done
	done
	assert_nothing_left
}

# killed by TERM/INT/KILL/SEGV: 128+n, through pidbox's init
test_pid1_killed_exit_codes_with_init() {
	local s n
	skip_unless_pidbox "--init is pidbox's"
	ctl_bundle 'echo ready > /ctl/ready; exec sleep 1000'
	for s in TERM:15 INT:2 KILL:9 SEGV:11; do
		n=${s#*:}
		start_bg --init
		must rt kill "$PX_ID" "${s%:*}"
		wait_bg
		assert_rc $((128 + n))
	done
	assert_nothing_left
}

# Without an init: pid 1 gets only KILL from outside and real faults; a workload
# that is not pid 1 (no pid namespace of its own) dies of anything.
test_pid1_killed_exit_codes_without_init() {
	local s n
	ctl_bundle 'echo ready > /ctl/ready; exec sleep 1000'
	start_bg ""
	must rt kill "$PX_ID" KILL
	wait_bg
	assert_rc 137
	add_helper segv
	run_sh "" 'exec /bin/segv'
	assert_rc 139
	set_config --arg s 'echo ready > /ctl/ready; exec sleep 1000' \
		'.process.args = ["sh", "-c", $s] | .linux.namespaces |= map(select(.type != "pid"))'
	for s in TERM:15 INT:2 SEGV:11; do
		n=${s#*:}
		start_bg ""
		must rt kill "$PX_ID" "${s%:*}"
		wait_bg
		assert_rc $((128 + n))
	done
	assert_nothing_left
}

# every standard signal but KILL/STOP, and some realtime ones
MATRIX_SIGNALS="$(seq 1 8) 10 $(seq 11 18) $(seq 20 31) 34 35 50 64"
# and glibc's internal 32 and 33, which busybox (glibc) cannot trap: default only
MATRIX_DEFAULT_ONLY="32 33"

# send_matrix [must]: `kill` every signal of MATRIX_SIGNALS to the container, CONT
# last, once the stop signals have been handled (or 2 s have passed): the kernel
# discards a pending SIGCONT when a stop signal (TSTP TTIN TTOU) is generated, at
# the init and at the workload alike, even when both are handled.
send_matrix() {
	local s _
	for s in $MATRIX_SIGNALS; do
		[ "$s" = 18 ] || ${1:-} rt kill "$PX_ID" "$s" 2>/dev/null
	done
	for _ in $(seq 20); do
		grep -qx 20 "$PX_TMP/ctl/log" 2>/dev/null && grep -qx 21 "$PX_TMP/ctl/log" &&
			grep -qx 22 "$PX_TMP/ctl/log" && break
		sleep 0.1
	done
	${1:-} rt kill "$PX_ID" 18 2>/dev/null
}

# Handled: the workload (a shell without children, so the kernel sends it no
# SIGCHLD of its own) traps each signal and logs it; every one must arrive.
test_pid1_signal_matrix_handled() {
	local s traps="" want got _
	skip_unless_pidbox "--init is pidbox's"
	for s in $MATRIX_SIGNALS; do traps="$traps trap 'echo $s >> /ctl/log' $s;"; done
	mkdir -p "$PX_TMP/ctl"
	mkfifo "$PX_TMP/ctl/fifo"
	ctl_bundle "$traps exec 3<>/ctl/fifo; echo ready > /ctl/ready
		while [ ! -e /ctl/stop ]; do read -t 1 x <&3; done; exit 77"
	start_bg --init
	send_matrix must
	want=$(tr ' ' '\n' <<<"$MATRIX_SIGNALS" | grep . | sort -n | tr '\n' ' ')
	for _ in $(seq 100); do
		got=$(sort -n "$PX_TMP/ctl/log" 2>/dev/null | tr '\n' ' ')
		[ "$got" = "$want" ] && break
		sleep 0.1
	done
	assert_eq "$got" "$want" "signals the workload trapped"
	touch "$PX_TMP/ctl/stop"
	wait_bg
	assert_rc 77
}

# Default dispositions: each signal that terminates kills the workload and the
# init reports 128+n; the ones ignored by default leave it running; the stop
# signals stop it (and CONT resumes it).
signal_default_matrix() {
	local s wp state
	ctl_bundle 'echo ready > /ctl/ready; exec sleep 1000'
	for s in "$@"; do
		start_bg --init
		wp=$(workload_pid)
		must rt kill "$PX_ID" "$s"
		case $s in
		17 | 18 | 23 | 28) # CHLD CONT URG WINCH: ignored by default
			sleep 0.2
			kill -0 "$wp" || fail "signal $s killed the workload"
			must rt kill "$PX_ID" TERM
			wait_bg
			assert_rc 143
			;;
		20 | 21 | 22) # TSTP TTIN TTOU: stop it
			for _ in $(seq 50); do
				state=$(awk '/^State/ {print $2}' "/proc/$wp/status")
				[ "$state" = T ] && break
				sleep 0.05
			done
			assert_eq "$state" T "state after signal $s"
			must rt kill "$PX_ID" CONT
			must rt kill "$PX_ID" TERM
			wait_bg
			assert_rc 143
			;;
		*)
			wait_bg
			assert_rc $((128 + s))
			;;
		esac
	done
	assert_nothing_left
}

# (in two halves, to keep each test short)
test_pid1_signal_matrix_default_1_16() {
	skip_unless_pidbox "--init is pidbox's"
	# shellcheck disable=SC2046 # one signal number per word
	signal_default_matrix $(seq 1 8) 10 $(seq 11 16)
}

test_pid1_signal_matrix_default_17_64() {
	skip_unless_pidbox "--init is pidbox's"
	# shellcheck disable=SC2046,SC2086
	signal_default_matrix 17 18 $(seq 20 31) $MATRIX_DEFAULT_ONLY 34 35 50 64
}

# zombies_of PID: how many zombie children PID has.
zombies_of() {
	local c n=0
	# shellcheck disable=SC2013 # the file is one line of space-separated pids
	for c in $(cat /proc/"$1"/task/*/children 2>/dev/null); do
		[ "$(awk '/^State/ {print $2}' "/proc/$c/status" 2>/dev/null)" = Z ] && n=$((n + 1))
	done
	echo "$n"
}

# 10,000 orphans reparented to pid 1: pidbox's init reaps them all; the time from
# the last orphan's birth to none left is printed (measured, not asserted).
test_pid1_zombie_storm() {
	local init z t0 t1 _
	skip_unless_pidbox "--init is pidbox's"
	ctl_bundle 'orphans 10000 && echo ready > /ctl/ready; exec sleep 1000'
	add_helper orphans
	start_bg --init 600 # 20,000 forks: allow a slow (emulated) machine a minute
	t0=$(date +%s%N)
	init=$(state_pid)
	for _ in $(seq 100); do
		z=$(zombies_of "$init")
		[ "$z" = 0 ] && break
		sleep 0.05
	done
	t1=$(date +%s%N)
	assert_eq "$z" 0 "zombies left under pidbox's init"
	echo "zombie storm: all reaped $(((t1 - t0) / 1000000)) ms after the 10,000th orphan"
	must rt kill "$PX_ID" TERM
	wait_bg
	assert_rc 143
	assert_nothing_left
}

# The same storm with a pid 1 that never waits: the zombies pile up. This is the
# problem --init solves, and the check that the storm really makes zombies.
test_pid1_zombie_storm_without_init() {
	local init
	local z
	# sleep, not the shell, is pid 1 while the orphans are made (a waiting shell reaps)
	ctl_bundle '(orphans 1000; echo ready > /ctl/ready) & exec sleep 1000'
	add_helper orphans
	start_bg ""
	init=$(state_pid)
	sleep 0.2
	z=$(zombies_of "$init")
	echo "zombies: $z"
	[ "$z" -ge 1000 ] || fail "expected at least 1000 zombies under a pid 1 that does not reap, got $z"
	must rt kill "$PX_ID" KILL
	wait_bg
	assert_rc 137
}

# `kill TERM` is dropped by a pid 1 without a handler (the kernel's rule for a
# namespace init); with --init the workload gets it and stops.
test_pid1_term_ignored_without_init() {
	ctl_bundle 'echo ready > /ctl/ready; exec sleep 1000'
	start_bg ""
	must rt kill "$PX_ID" TERM
	sleep 0.5
	kill -0 "$bg_pid" || fail "pid 1 without a TERM handler was stopped by TERM"
	assert_eq "$(status)" running "status after TERM"
	must rt kill "$PX_ID" KILL
	wait_bg
	assert_rc 137
	is_pidbox || return 0
	start_bg --init
	must rt kill "$PX_ID" TERM
	wait_bg
	assert_rc 143
	assert_nothing_left
}

# A foreground run killed by SIGKILL takes its container with it (the init has
# PR_SET_PDEATHSIG): nothing keeps running unwatched; the record says "stopped"
# and `delete` removes the rest.
test_pid1_run_killed_by_sigkill() {
	local mode init
	for mode in "" --init; do
		is_pidbox || [ -z "$mode" ] || continue
		ctl_bundle 'echo ready > /ctl/ready; exec sleep 1000'
		start_bg "$mode"
		init=$(state_pid)
		kill -KILL "$bg_pid"
		wait "$bg_pid"
		if ! is_pidbox; then
			# runc leaves the container running; say so and clean up
			kill -0 "$init" && echo "runc: the container survives its run (pid $init)"
			must rt delete -f "$PX_ID"
			continue
		fi
		wait_gone "$init"
		wait_status stopped
		must rt delete "$PX_ID"
		assert_nothing_left
	done
}

# Without a pid namespace, a double-forked daemon's parent exits and the daemon
# is reparented to `run`, the subreaper, not to the host's init; run still
# reports the workload's own code, and tears the daemon down with the cgroup.
test_pid1_double_fork_subreaper() {
	local ppid
	# the daemon reads its parent from its own stat (comm "(sh)": no spaces)
	ctl_bundle '(sh -c "sleep 0.3; read -r _ _ _ pp _ </proc/\$\$/stat; echo \$pp > /ctl/ppid; exec sleep 1000" &)
		sleep 1; exit 5'
	set_config '.linux.namespaces |= map(select(.type != "pid"))'
	bg rt run -b "$B" "$PX_ID"
	wait "$bg_pid"
	rc=$?
	assert_rc 5
	ppid=$(cat "$PX_TMP/ctl/ppid")
	assert_eq "$ppid" "$bg_pid" "the daemon's parent after the double fork"
	assert_nothing_left
}

# With a pid namespace, the daemon goes to pid 1: pidbox's init reaps it, and the
# container ends with the workload (its exit code), the daemon killed by the kernel.
test_pid1_double_fork_with_init() {
	skip_unless_pidbox "--init is pidbox's"
	ctl_bundle '(sh -c "sleep 0.3; read -r _ _ _ pp _ </proc/\$\$/stat; echo \$pp > /ctl/ppid; exec sleep 1000" &)
		sleep 1; cat /ctl/ppid; exit 6'
	run rt run --init -b "$B" "$PX_ID"
	assert_rc 6
	assert_eq "$out" 1 "the daemon's parent: pid 1, pidbox's init"
	assert_nothing_left
}

# --init-group: a shell's children get the signal too; with --init only the shell.
test_pid1_init_group_forwarding() {
	local mode want
	skip_unless_pidbox "--init is pidbox's"
	for mode in --init-group --init; do
		rm -f "$PX_TMP/ctl/log"
		ctl_bundle 'for c in 1 2; do
				sh -c "trap \"echo child$c >> /ctl/log; exit 0\" TERM; while :; do sleep 0.05; done" &
			done
			trap "echo main >> /ctl/log; sleep 0.5; exit 9" TERM
			echo ready > /ctl/ready; while :; do sleep 0.05; done'
		start_bg "$mode"
		must rt kill "$PX_ID" TERM
		wait_bg
		assert_rc 9
		want="child1 child2 main"
		[ "$mode" = --init-group ] || want="main"
		assert_eq "$(sort "$PX_TMP/ctl/log" | tr '\n' ' ')" "$want " "who got TERM with $mode"
	done
}

# A workload that closes its stdin: the writer of the pipe gets EPIPE then, not
# at the container's end (neither run nor the init keeps a copy open).
test_pid1_workload_closes_stdin() {
	local mode
	for mode in "" --init; do
		is_pidbox || [ -z "$mode" ] || continue
		rm -f "$PX_TMP/ctl/yes-gone"
		ctl_bundle 'exec 0<&-; for i in $(seq 100); do [ -e /ctl/yes-gone ] && exit 4; sleep 0.05; done; exit 9'
		echo "\$ yes | $RUNTIME run $mode"
		# shellcheck disable=SC2086 # mode is a word list
		{
			yes
			touch "$PX_TMP/ctl/yes-gone"
		} | "$RUNTIME" --root "$PX_ROOT" run $mode -b "$B" "$PX_ID" # no bash subshell holding the pipe
		rc=$?
		if ! is_pidbox; then
			echo "runc keeps its stdin open: the writer runs until the container ends (rc=$rc)"
			continue
		fi
		assert_rc 4
	done
	assert_nothing_left
}

# A container in a container: pidbox runs inside a pidbox container (privileged:
# all the capabilities it needs, the host's cgroup tree bound in to make the
# inner container's cgroup under the test's parent). The inner workload's pid is
# right at every level: host, outer container, inner container (NSpid).
test_pid1_nested_containers() {
	local caps inner pid outer_pid tree
	skip_unless_pidbox "runs pidbox's own binary inside the container"
	ctl_bundle 'pidbox --root /run/pb run -d -b /inner inner </dev/null >/ctl/inner.log 2>&1 || exit 1
		pidbox --root /run/pb ps --tree --format json inner >/ctl/inner-tree.json 2>>/ctl/inner.log
		pidbox --root /run/pb run --init -b /inner2 inner2 >/ctl/inner2.out 2>>/ctl/inner.log
		echo $? >/ctl/inner2.rc
		echo ready >/ctl/ready
		while [ ! -e /ctl/stop ]; do sleep 0.05; done
		pidbox --root /run/pb delete -f inner'
	cp "$RUNTIME" "$B/rootfs/bin/pidbox" || fail "copy pidbox"
	runtime_libs_into "$B/rootfs"
	caps='["CAP_SYS_ADMIN","CAP_SYS_CHROOT","CAP_SETUID","CAP_SETGID","CAP_MKNOD","CAP_DAC_OVERRIDE",
		"CAP_CHOWN","CAP_FOWNER","CAP_SETPCAP","CAP_KILL","CAP_NET_ADMIN","CAP_SYS_PTRACE",
		"CAP_AUDIT_WRITE","CAP_NET_BIND_SERVICE","CAP_SETFCAP","CAP_FSETID"]'
	set_config --argjson caps "$caps" '.root.readonly = false | .process.noNewPrivileges = false
		| .process.capabilities = {bounding: $caps, effective: $caps, permitted: $caps}
		| .mounts |= map(select(.destination != "/sys/fs/cgroup"))
		| .mounts += [{destination: "/sys/fs/cgroup", type: "bind", source: "/sys/fs/cgroup",
		               options: ["rbind", "rw"]}]'
	# the inner bundles, inside the outer rootfs; their cgroups under the test's parent
	inner=$B/rootfs/inner
	new_bundle -d "$inner" sleep 1001
	new_bundle -d "$B/rootfs/inner2" sh -c 'echo "pid=$$ parent=$PPID"; exit 7'
	bundle_set "$B/rootfs/inner2" '.root.path = "/inner/rootfs"' || fail "bundle_set"
	rm -rf "$B/rootfs/inner2/rootfs"
	start_bg ""
	echo "inner log: $(cat "$PX_TMP/ctl/inner.log")"
	# a foreground run with --init inside the container: exit code and pids
	assert_eq "$(cat "$PX_TMP/ctl/inner2.rc")" 7 "exit code of the inner run"
	assert_eq "$(cat "$PX_TMP/ctl/inner2.out")" "pid=2 parent=1" "inner workload's pids, seen inside"
	# the host's view of the outer container holds the inner workload, three levels deep
	must rt ps --tree --format json "$PX_ID"
	tree=$out
	pid=$(jq -r '.. | objects | select(.command? == "sleep 1001") | .pid' <<<"$tree")
	assert_match "$pid" '^[0-9]+$' "host pid of the inner workload"
	assert_eq "$(jq -r '.. | objects | select(.command? == "sleep 1001") | .nspid | length' <<<"$tree")" 3 "levels"
	assert_eq "$(jq -r '.. | objects | select(.command? == "sleep 1001") | .nspid[2]' <<<"$tree")" 1 \
		"pid in the inner container"
	assert_eq "$(jq -r '.. | objects | select(.command? == "sleep 1001") | .nspid | join(" ")' <<<"$tree")" \
		"$(awk '/^NSpid/ {print $2, $3, $4}' "/proc/$pid/status")" "NSpid from the host"
	outer_pid=$(jq -r '.. | objects | select(.command? == "sleep 1001") | .containerPid' <<<"$tree")
	assert_eq "$outer_pid" "$(awk '/^NSpid/ {print $3}' "/proc/$pid/status")" "pid in the outer container"
	# the inner pidbox's view, from inside the outer container
	tree=$(cat "$PX_TMP/ctl/inner-tree.json")
	echo "inner tree: $tree"
	assert_eq "$(jq -r '.[0].pid' <<<"$tree")" "$outer_pid" "inner ps: pid in the outer container"
	assert_eq "$(jq -r '.[0].containerPid' <<<"$tree")" 1 "inner ps: pid in the inner container"
	touch "$PX_TMP/ctl/stop"
	wait_bg
	assert_rc 0
	assert_nothing_left
	assert_nothing_left - "$inner"
	assert_nothing_left - "$B/rootfs/inner2"
}

# pidbox started with stdin closed: its signalfd (run's, the init's) may get fd 0,
# which must stay theirs.
test_pid1_run_with_stdin_closed() {
	local mode
	new_bundle sh -c 'exit 3'
	for mode in "" --init; do
		is_pidbox || [ -z "$mode" ] || continue
		echo "\$ $RUNTIME run $mode <&-"
		# shellcheck disable=SC2086 # mode is a word list
		timeout 20 "$RUNTIME" --root "$PX_ROOT" run $mode -b "$B" "$PX_ID" <&-
		rc=$?
		assert_rc 3
	done
	assert_nothing_left
}

# engines find the annotation in `features`
test_pid1_annotation_in_features() {
	skip_unless_pidbox "the annotation is pidbox's"
	must rt features
	assert_eq "$(jq -r '.annotations["run.oci.pidbox.init"]' <<<"$out")" "true|group|false" "features annotation"
}
