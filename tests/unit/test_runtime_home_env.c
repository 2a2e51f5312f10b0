/* Unit tests for runtime/home_env.c: HOME from a passwd text, as runc's rule
 * (the first entry with the uid; "/" when there is none). */
#include "unit.h"

#include <stdlib.h>

#include "runtime/home_env.h"

static void check_home(const char *passwd, uid_t uid, const char *want)
{
	char *h = rt_passwd_home(passwd, uid);
	CHECK_STR(h, want);
	free(h);
}

static void test_passwd_home(void)
{
	const char *pw = "root:x:0:0:root:/root:/bin/sh\n"
	                 "nobody:x:65534:65534:nobody:/nonexistent:/bin/false\n"
	                 "short:x:7:7\n"
	                 "nohome:x:8:8:gecos::/bin/sh\n"
	                 "noshell:x:9:9:g:/home/ns\n"
	                 "dup:x:10:10::/first:/bin/sh\n"
	                 "dup2:x:10:10::/second:/bin/sh\n"
	                 "bad:x:-11:0::/neg:/bin/sh\n"
	                 "last:x:12:12::/no/newline";
	check_home(pw, 0, "/root");
	check_home(pw, 65534, "/nonexistent");
	check_home(pw, 4242, "/");  /* no entry */
	check_home(pw, 7, "/");     /* too few fields */
	check_home(pw, 8, "/");     /* empty home field */
	check_home(pw, 9, "/home/ns");
	check_home(pw, 10, "/first");
	check_home(pw, (uid_t)-11, "/"); /* a negative uid is no number */
	check_home("big:x:4294967296:0::/wrap:/bin/sh\n", 0, "/"); /* no wrap to uid 0 */
	check_home(pw, 12, "/no/newline");
	check_home("", 0, "/");
	check_home("\n\n# comment\n", 0, "/");
	check_home("x:x:01:0::/lead:/bin/sh\n", 1, "/lead");
	check_home("x:x:1a:0::/junk:/bin/sh\n", 1, "/");
}

static void test_env_with_home(void)
{
	char *with[] = { "PATH=/bin", "HOME=/given", NULL };
	struct spec_process p = { .env = with, .n_env = 2, .uid = 0 };
	CHECK(rt_env_with_home(&p) == with);
}

int main(void)
{
	RUN(test_passwd_home);
	RUN(test_env_with_home);
	return unit_done();
}
