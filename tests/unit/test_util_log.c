/* tests/unit/test_util_log.c — util/log.c: line shape and escaping, read back
 * from a temp file as an engine reading --log would. */
#include <stdlib.h>
#include <unistd.h>

#include "tests/unit/unit.h"
#include "util/log.h"

static char log_path[] = "/tmp/pidbox-test-log-XXXXXX";

/* Read the whole log file back into buf (NUL-terminated). */
static const char *read_log(char *buf, size_t size)
{
	FILE *f = fopen(log_path, "r");
	size_t n = 0;

	if (f) {
		n = fread(buf, 1, size - 1, f);
		fclose(f);
	}
	buf[n] = '\0';
	return buf;
}

static void reset_log(enum px_log_format format, bool debug)
{
	CHECK(truncate(log_path, 0) == 0);
	CHECK(px_log_init(log_path, format, debug) == 0);
}

static void test_json_shape(void)
{
	char buf[4096];

	reset_log(PX_LOG_JSON, false);
	px_log(PX_LOG_ERROR, "container %s does not exist", "x");
	read_log(buf, sizeof buf);
	static const char head[] = "{\"level\":\"error\",\"msg\":\"container x does not exist\",\"time\":\"";
	size_t n = sizeof head - 1;

	CHECK(strncmp(buf, head, n) == 0);
	/* "2026-11-22T12:00:00Z" then "}\n", and nothing else */
	CHECK(strlen(buf) == n + 20 + 3);
	CHECK(buf[n + 4] == '-' && buf[n + 10] == 'T' && buf[n + 19] == 'Z');
	CHECK_STR(buf + n + 20, "\"}\n");
	CHECK(px_log_to_file());
}

static void test_json_escaping(void)
{
	char buf[4096];

	reset_log(PX_LOG_JSON, false);
	px_log(PX_LOG_WARN, "a \"q\" b\\c\nd\te\x01" "f\x1f");
	read_log(buf, sizeof buf);
	CHECK_CONTAINS(buf, "{\"level\":\"warning\",\"msg\":\"a \\\"q\\\" b\\\\c\\nd\\te\\u0001f\\u001f\",");
	/* one physical line */
	CHECK(strchr(buf, '\n') == buf + strlen(buf) - 1);
}

static void test_text_shape(void)
{
	char buf[4096];

	reset_log(PX_LOG_TEXT, false);
	px_log(PX_LOG_ERROR, "bad \"x\"\n");
	read_log(buf, sizeof buf);
	CHECK(strncmp(buf, "time=\"", 6) == 0);
	CHECK_CONTAINS(buf, "Z\" level=error msg=\"bad \\\"x\\\"\\n\"\n");
}

static void test_debug_only_with_debug(void)
{
	char buf[4096];

	reset_log(PX_LOG_JSON, false);
	px_debug("hidden %d", 1);
	px_log(PX_LOG_INFO, "shown");
	read_log(buf, sizeof buf);
	CHECK(strstr(buf, "hidden") == NULL);
	CHECK_CONTAINS(buf, "\"level\":\"info\",\"msg\":\"shown\"");

	reset_log(PX_LOG_JSON, true);
	CHECK(px_log_debug_enabled());
	px_debug("visible %d", 2);
	read_log(buf, sizeof buf);
	CHECK_CONTAINS(buf, "\"level\":\"debug\",\"msg\":\"visible 2\"");
}

static void test_appends(void)
{
	char buf[4096];

	reset_log(PX_LOG_TEXT, false);
	px_log(PX_LOG_ERROR, "one");
	CHECK(px_log_init(log_path, PX_LOG_TEXT, false) == 0); /* a second process */
	px_log(PX_LOG_ERROR, "two");
	read_log(buf, sizeof buf);
	CHECK_CONTAINS(buf, "msg=\"one\"\n");
	CHECK_CONTAINS(buf, "msg=\"two\"\n");
}

static void test_long_message_stays_one_line(void)
{
	static char big[10000];
	static char buf[65536];

	memset(big, '\x02', sizeof big - 1);
	reset_log(PX_LOG_JSON, false);
	px_log(PX_LOG_ERROR, "%s", big);
	read_log(buf, sizeof buf);
	CHECK(strchr(buf, '\n') == buf + strlen(buf) - 1);
	CHECK_CONTAINS(buf, "\\u0002\",\"time\":\"");
}

static void test_bad_path(void)
{
	CHECK(px_log_init("/nonexistent-dir/x.log", PX_LOG_TEXT, false) == -1);
}

int main(void)
{
	int fd = mkstemp(log_path);

	if (fd < 0)
		return 1;
	close(fd);
	RUN(test_json_shape);
	RUN(test_json_escaping);
	RUN(test_text_shape);
	RUN(test_debug_only_with_debug);
	RUN(test_appends);
	RUN(test_long_message_stays_one_line);
	RUN(test_bad_path);
	unlink(log_path);
	return unit_done();
}
