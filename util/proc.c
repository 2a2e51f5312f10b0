#include "util/proc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util/cleanup.h"
#include "util/fs.h"

int px_pidfd_open(pid_t pid)
{
#ifdef SYS_pidfd_open
	return (int)syscall(SYS_pidfd_open, pid, 0);
#else
	errno = ENOSYS;
	return -1;
#endif
}

int px_proc_read_stat(pid_t pid, struct px_proc_stat *out, struct px_error *err)
{
	char path[64];
	_cleanup_free_ char *buf = NULL;
	char *p;
	unsigned long long start = 0;
	int ppid = 0;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	if (px_read_file(path, &buf, NULL, err) < 0) {
		if (err && err->code == ENOENT)
			err->code = ESRCH;
		return -1;
	}
	/* comm (field 2) may contain spaces and ')': the fields resume after the last ')'. */
	p = strrchr(buf, ')');
	if (!p || sscanf(p + 1, " %c %d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d %*d %*d %llu",
	                 &out->state, &ppid, &start) != 3)
		return px_err(err, EINVAL, "%s: unexpected format", path);
	out->ppid = ppid;
	out->start_time = start;
	return 0;
}
