# NOTIFY_SOCKET relay: what the container sends must not reach the host's
# service manager beyond "ready".
# shellcheck shell=bash

# host_listener SOCK LOG: a fake service manager on SOCK. Each datagram is one line
# of LOG: "TEXT |len=N|fds=WHERE": its text (newlines as spaces, cut at 300 bytes),
# its length, and where
# the fds it carried point (closed at once, as systemd does: that answers a
# BARRIER=1).
host_listener() {
	bg "$PY3" -c '
import os, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
s.bind(sys.argv[1])
with open(sys.argv[2], "a", buffering=1) as f:
    while True:
        data, anc, flags, _ = s.recvmsg(1 << 21, socket.CMSG_SPACE(64 * 4))
        where = []
        for lvl, typ, raw in anc:
            if lvl == socket.SOL_SOCKET and typ == socket.SCM_RIGHTS:
                for i in range(0, len(raw) - len(raw) % 4, 4):
                    fd = int.from_bytes(raw[i:i + 4], sys.byteorder)
                    where.append(os.readlink("/proc/self/fd/%d" % fd))
                    os.close(fd)
        text = data.replace(b"\n", b" ").decode("latin-1")[:300].strip()
        f.write("%s |len=%d|fds=%s\n" % (text, len(data), ",".join(where)))
' "$1" "$2"
	wait_file "$1"
}

# Class: the container speaks for the host's service manager. Attacker: the
# workload (whatever runs in the container, with NOTIFY_SOCKET set by the engine,
# e.g. podman --sdnotify=container or a systemd unit running `run`). It sends, on
# the socket pidbox gives it: FDSTORE=1 with an fd of its own (the host's manager
# would keep the container's fd and hand it to the next instance), MAINPID=1 (the
# manager then watches, and on stop kills, host pid 1 or any host pid it names),
# STATUS=, a BARRIER=1, and a datagram far above sd_notify's 4 KiB carrying
# MAINPID=1 and READY=1 in its first bytes. Only READY=1 and MAINPID=<the init's
# host pid> may arrive, and none of its fds. (runc 1.1.5 forwards only a datagram
# that starts with READY=, hence the plain READY=1 last.)
# Seen to succeed before the fix (commit c3bb862, a build of main): the host
# listener got "MAINPID=1 READY=1 X=xxx… |len=4096|" (the first 4 KiB of the large
# datagram, forwarded whole) followed by MAINPID=<pid>, so the host's manager was
# told the service's main pid is host pid 1.
test_notify_forwards_only_ready_and_mainpid() {
	local _ pid got
	ctl_bundle 'echo secret > /ctl/container-fd-marker; while [ ! -e /ctl/go ]; do sleep 0.05; done
		/sd-notify -f /ctl/container-fd-marker FDSTORE=1 FDNAME=stolen
		/sd-notify MAINPID=1 STATUS=owned
		/sd-notify -b BARRIER=1 || echo barrier-not-answered > /ctl/barrier
		/sd-notify -p 200000 MAINPID=1 READY=1 || echo big-send-failed > /ctl/big
		/sd-notify MAINPID=1 STATUS=owned READY=1 EXTEND_TIMEOUT_USEC=1
		/sd-notify READY=1
		echo sent > /ctl/sent; sleep 1000'
	cp "$(helper sd-notify)" "$B/rootfs/sd-notify" || fail "copy sd-notify (make unit)"
	host_listener "$PX_TMP/host.sock" "$PX_TMP/got"
	export NOTIFY_SOCKET=$PX_TMP/host.sock
	must_create "$PX_ID" "$B"
	pid=$(state_pid)
	# runc's start waits for READY=1: in the background
	bg rt start "$PX_ID"
	touch "$PX_TMP/ctl/go"
	wait_file "$PX_TMP/ctl/sent"
	for _ in $(seq 100); do
		grep -q "MAINPID=$pid" "$PX_TMP/got" 2>/dev/null && break
		sleep 0.1
	done
	unset NOTIFY_SOCKET
	got=$(cat "$PX_TMP/got")
	printf 'host socket got:\n%s\n' "$got"
	[ ! -e "$PX_TMP/ctl/big" ] || echo "(the kernel refused the large datagram: $(cat "$PX_TMP/ctl/big"))"
	assert_contains "$got" "READY=1" "host socket"
	assert_contains "$got" "MAINPID=$pid " "host socket"
	assert_not_contains "$got" "MAINPID=1 " "host socket (the container's MAINPID)"
	assert_not_contains "$got" "STATUS=" "host socket"
	assert_not_contains "$got" "FDSTORE" "host socket"
	assert_not_contains "$got" "X=xx" "host socket (the large datagram)"
	assert_not_contains "$got" "EXTEND_TIMEOUT" "host socket"
	assert_not_contains "$got" "container-fd-marker" "fds that reached the host socket"
	# the container's barrier was answered (its fd closed), not left hanging
	[ ! -e "$PX_TMP/ctl/barrier" ] || fail "the container's BARRIER=1 was never answered"
	# every line the host got is READY=1, MAINPID=<pid> or the runtime's own barrier
	if grep -Ev '^((READY=1|MAINPID=[0-9]+|BARRIER=1) )+\|len=' <<<"$got"; then
		fail "the host socket got something else than READY=1 / MAINPID"
	fi
	must rt delete -f "$PX_ID"
}
