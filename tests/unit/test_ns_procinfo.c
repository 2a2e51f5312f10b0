/* Unit tests for ns/procinfo.c's parser of /proc/<pid>/status. */
#include "unit.h"

#include <errno.h>
#include <unistd.h>

#include "ns/procinfo.h"

static const char status_text[] =
	"Name:\tsleep\n"
	"Umask:\t0022\n"
	"State:\tZ (zombie)\n"
	"Tgid:\t4242\n"
	"Ngid:\t0\n"
	"Pid:\t4242\n"
	"PPid:\t4200\n"
	"Uid:\t1000\t1000\t1000\t1000\n"
	"NStgid:\t4242\t7\t1\n"
	"NSpid:\t4242\t7\t1\n"
	"SigQ:\t0/63499\n"
	"SigPnd:\t0000000000000000\n"
	"ShdPnd:\t0000000000000100\n"
	"SigBlk:\t0000000000010000\n"
	"SigIgn:\t0000000000000004\n"
	"SigCgt:\t0000000000004001\n";

static void test_parse_status(void)
{
	struct ns_proc p;
	struct px_error err = { 0 };

	CHECK(ns_proc_parse_status(status_text, &p, &err) == 0);
	CHECK_STR(p.name, "sleep");
	CHECK(p.state == 'Z');
	CHECK(p.pid == 4242 && p.ppid == 4200 && p.uid == 1000);
	CHECK(p.n_nspid == 3 && p.nspid[0] == 4242 && p.nspid[1] == 7 && p.nspid[2] == 1);
	CHECK(ns_proc_pid_at(&p, 2) == 1 && ns_proc_pid_at(&p, 3) == 0);
	CHECK(p.shd_pnd == 0x100);
	/* bit n-1 is signal n: SigCgt 0x4001 = HUP, TERM; SigIgn 0x4 = QUIT; SigBlk 0x10000 = CHLD */
	CHECK(ns_proc_sig_disp(&p, 1) == NS_SIG_HANDLED);
	CHECK(ns_proc_sig_disp(&p, 15) == NS_SIG_HANDLED);
	CHECK(ns_proc_sig_disp(&p, 3) == NS_SIG_IGNORED);
	CHECK(ns_proc_sig_disp(&p, 2) == NS_SIG_DEFAULT);
	CHECK(ns_proc_sig_blocked(&p, 17) && !ns_proc_sig_blocked(&p, 15));
	CHECK(ns_proc_sig_disp(&p, 0) == NS_SIG_DEFAULT && ns_proc_sig_disp(&p, 65) == NS_SIG_DEFAULT);
}

static void test_parse_status_without_nspid(void)
{
	struct ns_proc p;
	struct px_error err = { 0 };

	CHECK(ns_proc_parse_status("Name:\tx\nState:\tS (sleeping)\nPid:\t9\nPPid:\t1\nSigPnd:\t0\n"
	                           "ShdPnd:\t0\nSigBlk:\t0\nSigIgn:\t0\nSigCgt:\t0\n",
	                           &p, &err) == 0);
	CHECK(p.n_nspid == 1 && p.nspid[0] == 9);
}

static void test_parse_status_errors(void)
{
	struct ns_proc p;
	struct px_error err = { 0 };

	CHECK(ns_proc_parse_status("Name:\tx\nPid:\t9\n", &p, &err) < 0);
	CHECK_CONTAINS(err.msg, "State: missing");
	CHECK(ns_proc_parse_status("Name:\tx\nState:\tS\nPid:\t9\nPPid:\t1\nSigPnd:\tzz\n", &p, &err) < 0);
	CHECK_CONTAINS(err.msg, "SigPnd: not a hexadecimal mask");
}

static void test_read_self(void)
{
	struct ns_proc p;
	struct px_error err = { 0 };
	struct ns_proc_ns ns[NS_PROC_N_NS];

	CHECK(ns_proc_read(getpid(), &p, &err) == 0);
	CHECK(p.pid == getpid() && p.state == 'R' && p.cmdline != NULL);
	ns_proc_free(&p);
	CHECK(ns_proc_namespaces(getpid(), ns, &err) == 0);
	CHECK_STR(ns[0].type, "pid");
	CHECK(ns[0].ino != 0);
	CHECK(ns_proc_read(0x7ffffff0, &p, &err) < 0 && err.code == ESRCH);
}

int main(void)
{
	RUN(test_parse_status);
	RUN(test_parse_status_without_nspid);
	RUN(test_parse_status_errors);
	RUN(test_read_self);
	return unit_done();
}
