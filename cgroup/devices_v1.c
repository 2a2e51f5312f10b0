/* cgroup/devices_v1.c — device rules on the v1 devices controller: one line per
 * rule, in order, to devices.allow or devices.deny ("c 1:3 rwm", '*' for any
 * number). v1 keeps an exception list behind a default; writing "a *:* rwm" to
 * devices.deny empties it and makes the default deny, which is how a container's
 * rule list usually begins. */
#include "cgroup/apply.h"

#include <inttypes.h>
#include <stdio.h>

static void number(char *buf, size_t len, int64_t v)
{
	if (v == SPEC_DEV_WILDCARD)
		snprintf(buf, len, "*");
	else
		snprintf(buf, len, "%" PRId64, v);
}

int cg_devices_v1(const struct cg_dir *d, const struct cg_dev_rules *dev, struct px_error *err)
{
	for (size_t i = 0; i < dev->n; i++) {
		const struct spec_dev_rule *r = &dev->rules[i];
		char maj[24], min[24], line[80], field[128];
		number(maj, sizeof maj, r->major);
		number(min, sizeof min, r->minor);
		snprintf(line, sizeof line, "%c %s:%s %s", r->type, maj, min, r->access);
		if (i >= dev->spec_start && i - dev->spec_start < dev->n_spec)
			snprintf(field, sizeof field, CG_FIELD("devices[%zu]"), i - dev->spec_start);
		else
			snprintf(field, sizeof field, CG_FIELD("devices") " (the default rule \"%s\")", line);
		if (cg_knob_write(d->abs, r->allow ? "devices.allow" : "devices.deny", line, field, err) < 0)
			return -1;
	}
	return 0;
}
