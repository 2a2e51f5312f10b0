/* tests/helpers/rename-exchange.c — the CVE-2021-30465 attacker's loop
 * (tests/security/test_mount_destinations.sh).
 *
 *   rename-exchange DIR A B STOP
 *
 * Swaps the entries DIR/A and DIR/B (a directory and a symlink) with
 * renameat2(RENAME_EXCHANGE) without pause, so that a runtime resolving a path
 * through DIR/A sometimes meets the directory and sometimes the symlink. Stops
 * when the file STOP exists (checked every 4096 swaps: a stat per swap would
 * slow the race). Writes DIR/.running after its first swap, so that the test
 * starts its rounds only once the race is on. Exit 0 after STOP, 1 on error. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	unsigned long swaps = 0;
	struct stat st;
	int dir;

	if (argc != 5) {
		fprintf(stderr, "usage: rename-exchange DIR A B STOP\n");
		return 2;
	}
	dir = open(argv[1], O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dir < 0) {
		perror(argv[1]);
		return 1;
	}
	for (;;) {
		if (renameat2(dir, argv[2], dir, argv[3], RENAME_EXCHANGE) < 0) {
			perror("renameat2(RENAME_EXCHANGE)");
			return 1;
		}
		if (++swaps == 1)
			close(openat(dir, ".running", O_WRONLY | O_CREAT | O_CLOEXEC, 0644));
		if (swaps % 4096 == 0 && stat(argv[4], &st) == 0)
			break;
	}
	printf("%lu swaps\n", swaps);
	return 0;
}
