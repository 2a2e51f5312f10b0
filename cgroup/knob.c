/* cgroup/knob.c — reading and writing one cgroup file on behalf of a linux.resources
 * field, so every failure names the field first:
 *   "linux.resources.cpu.shares: write '1' to /sys/fs/cgroup/cpu/x/cpu.shares: Invalid argument"
 * and a missing file says which controller is missing instead of a bare ENOENT. */
#include "cgroup/apply.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "util/cleanup.h"
#include "util/fs.h"

int cg_knob_write(const char *dir, const char *file, const char *value, const char *field,
                  struct px_error *err)
{
	_cleanup_free_ char *path = px_asprintf("%s/%s", dir, file);

	if (px_write_knob_at(AT_FDCWD, path, value, err) == 0)
		return 0;
	if (err->code == ENOENT) {
		size_t n = strcspn(file, ".");
		/* The cgroup directory being there means the controller is mounted and the
		 * cgroup exists: the file itself is what this kernel lacks (a config option
		 * or a scheduler that is not built in). */
		if (access(dir, F_OK) == 0)
			return px_err_plain(err, ENOENT, "%s: %s does not exist in %s (this kernel's %.*s controller "
			                                 "does not provide it)", field, file, dir, (int)n, file);
		return px_err_plain(err, ENOENT, "%s: %s does not exist in %s (the %.*s controller is not available to "
		                                 "this cgroup)", field, file, dir, (int)n, file);
	}
	return px_err_prefix(err, "%s", field);
}

int cg_knob_read(const char *dir, const char *file, char **out, struct px_error *err)
{
	_cleanup_free_ char *path = px_asprintf("%s/%s", dir, file);
	size_t len = 0;

	if (px_read_file(path, out, &len, err) < 0)
		return -1;
	while (len && ((*out)[len - 1] == '\n' || (*out)[len - 1] == ' '))
		(*out)[--len] = '\0';
	return 0;
}

bool cg_knob_exists(const char *dir, const char *file)
{
	_cleanup_free_ char *path = px_asprintf("%s/%s", dir, file);
	return access(path, F_OK) == 0;
}

int cg_knob_read_u64(const char *dir, const char *file, uint64_t *out, struct px_error *err)
{
	_cleanup_free_ char *s = NULL;
	char *end;

	if (cg_knob_read(dir, file, &s, err) < 0)
		return -1;
	if (!strcmp(s, "max")) {
		*out = UINT64_MAX;
		return 0;
	}
	*out = strtoull(s, &end, 10);
	if (end == s)
		return px_err(err, 0, "%s/%s: not a number: %s", dir, file, s);
	return 0;
}
