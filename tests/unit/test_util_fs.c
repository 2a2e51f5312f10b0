/* tests/unit/test_util_fs.c — util/fs.c: px_read_regular_at refuses what is not a
 * plain file of bounded size, without ever blocking on it. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/unit/unit.h"
#include "util/fs.h"

static char dir[] = "/tmp/pidbox-test-fs-XXXXXX";

static const char *read_err(const char *name, int flags, size_t max)
{
	static struct px_error err;
	char *text = NULL;
	size_t len;

	memset(&err, 0, sizeof err);
	if (px_read_regular_at(AT_FDCWD, name, flags, max, &text, &len, &err) == 0) {
		free(text);
		return "(read fine)";
	}
	return err.msg;
}

static char *at(const char *name)
{
	static char buf[4][256];
	static int i;
	i = (i + 1) % 4;
	snprintf(buf[i], sizeof buf[i], "%s/%s", dir, name);
	return buf[i];
}

static void test_kinds(void)
{
	FILE *f = fopen(at("plain"), "w");

	fputs("{\"a\": 1}", f);
	fclose(f);
	mkfifo(at("fifo"), 0600); /* never opened: a FIFO without a writer would block */
	mkdir(at("dir"), 0700);
	symlink(at("plain"), at("link"));
	CHECK_STR(read_err(at("plain"), 0, 100), "(read fine)");
	CHECK_CONTAINS(read_err(at("fifo"), 0, 100), "is a FIFO, not a regular file");
	CHECK_CONTAINS(read_err("/dev/zero", 0, 100), "is a device, not a regular file");
	CHECK_CONTAINS(read_err(at("dir"), 0, 100), "is a directory, not a regular file");
	/* a symlink is followed unless O_NOFOLLOW (pidbox's own files) */
	CHECK_STR(read_err(at("link"), 0, 100), "(read fine)");
	CHECK_CONTAINS(read_err(at("link"), O_NOFOLLOW, 100), "is a symbolic link");
	CHECK_CONTAINS(read_err(at("missing"), 0, 100), "No such file");
}

static void test_bound(void)
{
	char *text = NULL;
	size_t len = 0;
	struct px_error err = { 0 };
	int fd;

	CHECK_CONTAINS(read_err(at("plain"), 0, 7), "8 bytes, larger than the 7 allowed");
	CHECK(px_read_regular_at(AT_FDCWD, at("plain"), 0, 8, &text, &len, &err) == 0 && len == 8);
	free(text);
	/* a stream (update --resources -) is cut at the bound too */
	fd = open("/dev/zero", O_RDONLY);
	CHECK(px_read_fd_max(fd, "standard input", 10000, &text, &len, &err) < 0);
	CHECK_CONTAINS(err.msg, "standard input: larger than 10000 bytes");
	close(fd);
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	RUN(test_kinds);
	RUN(test_bound);
	unlink(at("plain"));
	unlink(at("fifo"));
	unlink(at("link"));
	rmdir(at("dir"));
	rmdir(dir);
	return unit_done();
}
