/* Unit tests for the pure parts of pid-1 handling: which signals the kernel
 * drops for a pid 1 (runtime/inspect.c), the init mode from flags and the
 * annotation (runtime/init_mode.c), exit codes (ns/init.c), signal names. */
#include "unit.h"

#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>

#include "ns/init.h"
#include "runtime/init_mode.h"
#include "runtime/pid1.h"
#include "spec/annotations.h"

/* a process as /proc would show it: pid 1 of its own namespace (NSpid 4242 1) */
static struct ns_proc pid1_with(uint64_t cgt, uint64_t ign, uint64_t blk)
{
	struct ns_proc p = { .pid = 4242, .state = 'S', .n_nspid = 2, .nspid = { 4242, 1 },
	                     .sig_cgt = cgt, .sig_ign = ign, .sig_blk = blk };
	snprintf(p.name, sizeof p.name, "sh");
	p.cmdline = "/bin/sh -c sleep";
	return p;
}

#define BIT(sig) (1ULL << ((sig) - 1))

static void test_drop_warning(void)
{
	struct ns_proc p = pid1_with(BIT(SIGHUP), BIT(SIGQUIT), BIT(SIGUSR1));
	char *w;

	w = rt_pid1_drop_warning(&p, false, SIGTERM);
	CHECK_STR(w, "pid 1 (/bin/sh) has no SIGTERM handler: `kill TERM` will be ignored (namespace init); "
	             "use --init or SIGKILL");
	free(w);
	w = rt_pid1_drop_warning(&p, false, SIGQUIT);
	CHECK_STR(w, "pid 1 (/bin/sh) ignores SIGQUIT: the kernel drops it");
	free(w);
	CHECK(rt_pid1_drop_warning(&p, false, SIGHUP) == NULL);  /* handled */
	CHECK(rt_pid1_drop_warning(&p, false, SIGUSR1) == NULL); /* blocked: stays pending */
	CHECK(rt_pid1_drop_warning(&p, false, SIGKILL) == NULL); /* forced from outside */
	CHECK(rt_pid1_drop_warning(&p, false, SIGSTOP) == NULL);
	CHECK(rt_pid1_drop_warning(&p, true, SIGTERM) == NULL);  /* pidbox's init forwards it */
	p.n_nspid = 1;                                           /* no pid namespace: not an init */
	p.nspid[0] = 4242;
	CHECK(rt_pid1_drop_warning(&p, false, SIGTERM) == NULL);
}

static void test_signal_names(void)
{
	char buf[16];

	CHECK_STR(rt_signal_name(SIGTERM, buf), "TERM");
	CHECK_STR(rt_signal_name(SIGRTMIN, buf), "RTMIN");
	CHECK_STR(rt_signal_name(SIGRTMIN + 3, buf), "RTMIN+3");
	CHECK_STR(rt_signal_name(SIGRTMAX, buf), "RTMIN+30");
}

static void test_init_mode(void)
{
	struct spec_annotation ann = { .key = SPEC_ANNOTATION_INIT, .value = "group" };
	struct spec_config c = { .annotations = &ann, .n_annotations = 1 };
	struct rt_create_opts o = { 0 };
	struct px_error err = { 0 };
	int mode = -1;

	CHECK(rt_init_mode(&o, &c, &mode, &err) == 0 && mode == NS_INIT_GROUP);
	ann.value = "true";
	CHECK(rt_init_mode(&o, &c, &mode, &err) == 0 && mode == NS_INIT_CHILD);
	ann.value = "false";
	CHECK(rt_init_mode(&o, &c, &mode, &err) == 0 && mode == NS_INIT_NONE);
	o.init = true; /* the flag wins */
	CHECK(rt_init_mode(&o, &c, &mode, &err) == 0 && mode == NS_INIT_CHILD);
	o.init_group = true;
	CHECK(rt_init_mode(&o, &c, &mode, &err) == 0 && mode == NS_INIT_GROUP);
	o.init = o.init_group = false;
	ann.value = "yes";
	CHECK(rt_init_mode(&o, &c, &mode, &err) < 0);
	CHECK_STR(err.msg, "config.json: annotations.run.oci.pidbox.init: \"yes\" is not one of true, false, group");
	c.n_annotations = 0;
	CHECK(rt_init_mode(&o, &c, &mode, &err) == 0 && mode == NS_INIT_NONE);
}

static void test_exit_codes(void)
{
	CHECK(ns_init_exit_code(W_EXITCODE(42, 0)) == 42);
	CHECK(ns_init_exit_code(W_EXITCODE(0, 0)) == 0);
	CHECK(ns_init_exit_code(W_EXITCODE(0, SIGTERM)) == 143);
	CHECK(ns_init_exit_code(W_EXITCODE(0, SIGSEGV) | 0x80) == 139); /* with a core dump */
}

int main(void)
{
	RUN(test_drop_warning);
	RUN(test_signal_names);
	RUN(test_init_mode);
	RUN(test_exit_codes);
	return unit_done();
}
