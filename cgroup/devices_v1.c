/* cgroup/devices_v1.c — device rules on the v1 devices controller: one line per
 * rule, in order, to devices.allow or devices.deny ("c 1:3 rwm", '*' for any
 * number). v1 keeps an exception list behind a default; writing "a *:* rwm" to
 * devices.deny empties it and makes the default deny, which is how a container's
 * rule list usually begins. */
#include "cgroup/apply.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "util/cleanup.h"
#include "util/fs.h"

static void number(char *buf, size_t len, int64_t v)
{
	if (v == SPEC_DEV_WILDCARD)
		snprintf(buf, len, "*");
	else
		snprintf(buf, len, "%" PRId64, v);
}

/* Each file is opened once for every rule of the list (one write per rule, as v1
 * takes them): every container writes a dozen rules, this is on `run`'s path. */
static int open_knob(const struct cg_dir *d, const char *file, int *fd, struct px_error *err)
{
	_cleanup_free_ char *path = NULL;

	if (*fd >= 0)
		return 0;
	path = px_asprintf("%s/%s", d->abs, file);
	*fd = open(path, O_WRONLY | O_CLOEXEC);
	return *fd < 0 ? px_err(err, errno, CG_FIELD("devices") ": open %s", path) : 0;
}

int cg_devices_v1(const struct cg_dir *d, const struct cg_dev_rules *dev, struct px_error *err)
{
	_cleanup_close_ int allow_fd = -1, deny_fd = -1;

	for (size_t i = 0; i < dev->n; i++) {
		const struct spec_dev_rule *r = &dev->rules[i];
		int *fd = r->allow ? &allow_fd : &deny_fd;
		char maj[24], min[24], line[80], field[128];
		number(maj, sizeof maj, r->major);
		number(min, sizeof min, r->minor);
		snprintf(line, sizeof line, "%c %s:%s %s", r->type, maj, min, r->access);
		if (i >= dev->spec_start && i - dev->spec_start < dev->n_spec)
			snprintf(field, sizeof field, CG_FIELD("devices[%zu]"), i - dev->spec_start);
		else
			snprintf(field, sizeof field, CG_FIELD("devices") " (the default rule \"%s\")", line);
		if (open_knob(d, r->allow ? "devices.allow" : "devices.deny", fd, err) < 0)
			return -1;
		if (px_write_all(*fd, line, strlen(line)) < 0)
			return px_err(err, errno, "%s: write \"%s\" to %s", field, line,
			              r->allow ? "devices.allow" : "devices.deny");
	}
	return 0;
}
