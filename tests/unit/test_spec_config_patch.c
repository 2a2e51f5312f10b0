/* tests/unit/test_spec_config_patch.c — spec/config_patch.c: env and mounts
 * added to a config text, everything else copied exactly. */
#include "tests/unit/unit.h"

#include <stdlib.h>

#include "spec/config.h"
#include "spec/config_patch.h"

static const char config[] =
	"{\"ociVersion\":\"1.0.2\",\"root\":{\"path\":\"rootfs\",\"readonly\":true},"
	"\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\",\"env\":[\"PATH=/bin\",\"LISTEN_FDS=9\"],"
	"\"rlimits\":[{\"type\":\"RLIMIT_NOFILE\",\"soft\":18446744073709551615,\"hard\":18446744073709551615}]},"
	"\"mounts\":[{\"destination\":\"/proc\",\"type\":\"proc\",\"source\":\"proc\"}],"
	"\"annotations\":{\"a\":\"\\u00e9\\\"q\"},"
	"\"linux\":{\"namespaces\":[{\"type\":\"mount\"}]}}";

static void test_patch(void)
{
	const char *env[] = { "LISTEN_FDS=2", "LISTEN_PID=1", NULL };
	const char *opts[] = { "bind", "ro", NULL };
	struct spec_patch_mount m = { .destination = "/run/notify", .type = "bind", .source = "/s/notify", .options = opts };
	struct spec_config_patch p = { .env = env, .mounts = &m, .n_mounts = 1 };
	struct px_error err = { 0 };
	struct spec_config *c = NULL;
	char *out = NULL;
	size_t len = 0;

	CHECK(spec_config_patch(config, sizeof config - 1, &p, &out, &len, &err) == 0);
	CHECK(spec_parse_config(out, len, &c, &err) == 0);
	if (!c) {
		fprintf(stderr, "  %s\n  %s\n", err.msg, out);
		free(out);
		return;
	}
	CHECK(c->process.n_env == 3);
	CHECK_STR(c->process.env[0], "PATH=/bin");
	CHECK_STR(c->process.env[1], "LISTEN_FDS=2"); /* the old value replaced */
	CHECK_STR(c->process.env[2], "LISTEN_PID=1");
	CHECK(c->n_mounts == 2);
	CHECK_STR(c->mounts[1].destination, "/run/notify");
	CHECK_STR(c->mounts[1].source, "/s/notify");
	CHECK(c->mounts[1].n_options == 2);
	CHECK(c->process.rlimits[0].hard == UINT64_MAX); /* digits kept exactly */
	CHECK(c->root_readonly);
	CHECK_STR(spec_annotation(c, "a"), "\xc3\xa9\"q");
	spec_config_free(c);
	free(out);
}

/* no env and no mounts in the input: both are added */
static void test_patch_adds_missing(void)
{
	const char in[] = "{\"ociVersion\":\"1.0.2\",\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"x\"],\"cwd\":\"/\"},"
	                  "\"linux\":{\"namespaces\":[{\"type\":\"mount\"}]}}";
	const char *env[] = { "NOTIFY_SOCKET=/run/notify/notify.sock", NULL };
	const char *opts[] = { "bind", NULL };
	struct spec_patch_mount m = { .destination = "/run/notify", .type = "bind", .source = "/s", .options = opts };
	struct spec_config_patch p = { .env = env, .mounts = &m, .n_mounts = 1 };
	struct px_error err = { 0 };
	struct spec_config *c = NULL;
	char *out = NULL;
	size_t len;

	CHECK(spec_config_patch(in, sizeof in - 1, &p, &out, &len, &err) == 0);
	CHECK(spec_parse_config(out, len, &c, &err) == 0);
	if (c) {
		CHECK(c->process.n_env == 1);
		CHECK(c->n_mounts == 1);
	}
	spec_config_free(c);
	free(out);
	CHECK(spec_config_patch("[1]", 3, &p, &out, &len, &err) < 0);
}

int main(void)
{
	RUN(test_patch);
	RUN(test_patch_adds_missing);
	return unit_done();
}
