/* tests/sanitize/default_options.c — the sanitizer settings linked into the
 * SANITIZE=1 build of pidbox (Makefile), so that it behaves the same however it is
 * run (tests/integration/run.sh, an engine, by hand). ASAN_OPTIONS and UBSAN_OPTIONS
 * in the environment still override them.
 *
 * detect_leaks=0: LeakSanitizer stops the world at exit from a tracer it clones;
 * in `exec`, which has joined the container's pid namespace, that tracer is born
 * in the container's namespace, cannot see the host pids it must attach to, and
 * the exiting process spins in sched_yield for ever (seen: every failing `exec`
 * hung). Leaks are checked instead by valgrind on the unit tests and by the fuzz
 * harnesses (tests/fuzz/), whose parsers are where input decides what is allocated.
 * Every other error stops the process with exit code 23, its report on stderr,
 * which fails the test that ran it. */
const char *__asan_default_options(void);
const char *__ubsan_default_options(void);

const char *__asan_default_options(void)
{
	return "detect_leaks=0:exitcode=23:abort_on_error=0:detect_stack_use_after_return=1";
}

const char *__ubsan_default_options(void)
{
	return "print_stacktrace=1:halt_on_error=1:exitcode=23";
}
