/* tests/unit/test_cmd_flags.c — cmd/flags.c: the spellings urfave/cli accepts,
 * its error texts, and the container id check. */
#include "tests/unit/unit.h"
/* cmd/ objects are not in libpidbox.a (they hold main), so the parser is
 * compiled into the test directly. */
#include "cmd/flags.c"

static const char *bundle;
static bool detach;
static int fds;

static const struct cmd_flag flags[] = {
	{ "bundle", "b", CMD_FLAG_STRING, &bundle, "" },
	{ "detach", "d", CMD_FLAG_BOOL, &detach, "" },
	{ "preserve-fds", NULL, CMD_FLAG_INT, &fds, "" },
};

/* Parse a NULL-terminated list of words; argv is rewritten in place. */
static enum cmd_parse parse(char **argv, bool stop, int *npos, struct px_error *err)
{
	int argc = 0;

	while (argv[argc])
		argc++;
	bundle = NULL, detach = false, fds = 0;
	return cmd_parse_flags(flags, 3, stop, argc, argv, npos, err);
}

static void test_spellings(void)
{
	struct px_error err = { 0 };
	int npos = -1;
	char *a1[] = { "--bundle", "/b", "x", NULL };
	char *a2[] = { "-bundle=/c", "-d", "x", "--preserve-fds=3", NULL };
	char *a3[] = { "x", "-b", "/d", "--detach=false", "--preserve-fds", "2", NULL };

	CHECK(parse(a1, false, &npos, &err) == CMD_PARSE_OK);
	CHECK_STR(bundle, "/b");
	CHECK(npos == 1);
	CHECK_STR(a1[0], "x");

	CHECK(parse(a2, false, &npos, &err) == CMD_PARSE_OK);
	CHECK_STR(bundle, "/c");
	CHECK(detach && fds == 3 && npos == 1);
	CHECK_STR(a2[0], "x");

	CHECK(parse(a3, false, &npos, &err) == CMD_PARSE_OK); /* flags after the id */
	CHECK_STR(bundle, "/d");
	CHECK(!detach && fds == 2 && npos == 1);
	CHECK_STR(a3[0], "x");
}

static void test_positionals_and_dashdash(void)
{
	struct px_error err = { 0 };
	int npos = -1;
	char *a1[] = { "x", "-d", "KILL", NULL };
	char *a2[] = { "--", "-d", "x", NULL };
	char *a3[] = { "-", NULL };

	CHECK(parse(a1, false, &npos, &err) == CMD_PARSE_OK);
	CHECK(npos == 2 && detach);
	CHECK_STR(a1[0], "x");
	CHECK_STR(a1[1], "KILL");

	CHECK(parse(a2, false, &npos, &err) == CMD_PARSE_OK);
	CHECK(npos == 2 && !detach);
	CHECK_STR(a2[0], "-d");

	CHECK(parse(a3, false, &npos, &err) == CMD_PARSE_OK);
	CHECK(npos == 1);
}

static void test_stop_at_command(void)
{
	struct px_error err = { 0 };
	int npos = -1;
	char *a[] = { "--bundle", "/r", "create", "-d", "x", NULL };

	CHECK(parse(a, true, &npos, &err) == CMD_PARSE_OK);
	CHECK_STR(bundle, "/r");
	CHECK(!detach); /* the command's flags are left for the command */
	CHECK(npos == 3);
	CHECK_STR(a[0], "create");
	CHECK_STR(a[1], "-d");
}

static void test_errors(void)
{
	struct px_error err = { 0 };
	int npos;
	char *a1[] = { "--bogus", NULL };
	char *a2[] = { "x", "--bundle", NULL };
	char *a3[] = { "--detach=maybe", NULL };
	char *a4[] = { "--preserve-fds", "two", NULL };
	char *a5[] = { "---x", NULL };
	char *a6[] = { "x", "-h", NULL };

	CHECK(parse(a1, false, &npos, &err) == CMD_PARSE_ERROR);
	CHECK_STR(err.msg, "flag provided but not defined: -bogus");
	CHECK(parse(a2, false, &npos, &err) == CMD_PARSE_ERROR);
	CHECK_STR(err.msg, "flag needs an argument: -bundle");
	CHECK(parse(a3, false, &npos, &err) == CMD_PARSE_ERROR);
	CHECK_STR(err.msg, "invalid boolean value \"maybe\" for -detach: parse error");
	CHECK(parse(a4, false, &npos, &err) == CMD_PARSE_ERROR);
	CHECK_STR(err.msg, "invalid value \"two\" for flag -preserve-fds: parse error");
	CHECK(parse(a5, false, &npos, &err) == CMD_PARSE_ERROR);
	CHECK_CONTAINS(err.msg, "bad flag syntax");
	CHECK(parse(a6, false, &npos, &err) == CMD_PARSE_HELP);
}

static void test_ids(void)
{
	struct px_error err = { 0 };
	char long_id[CMD_ID_MAX + 2];

	CHECK(cmd_check_id("abc-1.2_x+y", &err) == 0);
	CHECK(cmd_check_id("...", &err) == 0);
	CHECK(cmd_check_id("", &err) == -1);
	CHECK_CONTAINS(err.msg, "empty");
	CHECK(cmd_check_id(".", &err) == -1);
	CHECK(cmd_check_id("..", &err) == -1);
	CHECK(cmd_check_id("a/b", &err) == -1);
	CHECK(cmd_check_id("a b", &err) == -1);
	CHECK(cmd_check_id("a,b", &err) == -1);
	CHECK(cmd_check_id("a\nb", &err) == -1);
	memset(long_id, 'a', CMD_ID_MAX);
	long_id[CMD_ID_MAX] = '\0';
	CHECK(cmd_check_id(long_id, &err) == 0);
	long_id[CMD_ID_MAX] = 'a';
	long_id[CMD_ID_MAX + 1] = '\0';
	CHECK(cmd_check_id(long_id, &err) == -1);
}

int main(void)
{
	RUN(test_spellings);
	RUN(test_positionals_and_dashdash);
	RUN(test_stop_at_command);
	RUN(test_errors);
	RUN(test_ids);
	return unit_done();
}
