/* tests/unit/test_cgroup_devices.c — cgroup/apply.c: the device rule list a
 * container gets (deny-all, the config's rules, runc's defaults). */
#include <stdlib.h>

#include "cgroup/apply.h"
#include "spec/resources.h"
#include "tests/unit/unit.h"

static bool is_deny_all(const struct spec_dev_rule *r)
{
	return !r->allow && r->type == 'a' && r->major == SPEC_DEV_WILDCARD && r->minor == SPEC_DEV_WILDCARD &&
	       !strcmp(r->access, "rwm");
}

static bool allows(const struct cg_dev_rules *d, char type, int64_t major, int64_t minor, const char *access)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct spec_dev_rule *r = &d->rules[i];
		if (r->allow && r->type == type && r->major == major && r->minor == minor && !strcmp(r->access, access))
			return true;
	}
	return false;
}

/* No linux.resources at all: still deny-all first, then the defaults. */
static void test_no_resources_still_denies_all(void)
{
	struct cg_dev_rules d;

	cg_dev_rules_build(NULL, &d);
	CHECK(d.n > 1 && is_deny_all(&d.rules[0]));
	CHECK(d.n_spec == 0);
	CHECK(allows(&d, 'c', 1, 3, "rwm"));                 /* /dev/null */
	CHECK(allows(&d, 'c', 136, SPEC_DEV_WILDCARD, "rwm")); /* /dev/pts/N */
	CHECK(allows(&d, 'c', SPEC_DEV_WILDCARD, SPEC_DEV_WILDCARD, "m"));
	CHECK(!allows(&d, 'c', 10, 229, "rwm"));             /* fuse: not in the list */
	free(d.rules);
}

/* The config's rules come after deny-all and before the defaults (runc's order). */
static void test_config_rules_between(void)
{
	struct spec_dev_rule cfg[] = {
		{ false, 'a', SPEC_DEV_WILDCARD, SPEC_DEV_WILDCARD, "rwm" },
		{ true, 'b', 7, 0, "r" },
	};
	struct spec_resources r = { .has_devices = true, .devices = cfg, .n_devices = 2 };
	struct cg_dev_rules d;

	cg_dev_rules_build(&r, &d);
	CHECK(is_deny_all(&d.rules[0]));
	CHECK(d.spec_start == 1 && d.n_spec == 2);
	CHECK(is_deny_all(&d.rules[1]));
	CHECK(d.rules[2].type == 'b' && d.rules[2].major == 7 && !strcmp(d.rules[2].access, "r"));
	/* after the config's own deny-all, /dev/null is allowed again */
	CHECK(d.n > 3 && allows(&d, 'c', 1, 3, "rwm"));
	for (size_t i = 3; i < d.n; i++)
		CHECK(d.rules[i].allow);
	free(d.rules);
}

int main(void)
{
	RUN(test_no_resources_still_denies_all);
	RUN(test_config_rules_between);
	return unit_done();
}
