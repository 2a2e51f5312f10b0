/* tests/unit/test_runtime_exec_process.c — runtime/exec_process.c and
 * spec/process_json.c: the process `exec` builds from config.json, the command
 * line's overrides (runc's rules) or a --process file. */
#include "tests/unit/unit.h"

#include <stdlib.h>

#include "runtime/exec.h"
#include "spec/process.h"

static const char config_json[] =
	"{\"ociVersion\":\"1.0.2\",\"root\":{\"path\":\"rootfs\"},"
	"\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\",\"env\":[\"PATH=/bin\",\"FOO=config\"],"
	"\"user\":{\"uid\":1,\"gid\":2,\"additionalGids\":[3]},"
	"\"capabilities\":{\"bounding\":[\"CAP_KILL\"],\"effective\":[\"CAP_KILL\"],\"permitted\":[\"CAP_KILL\"],"
	"\"inheritable\":[\"CAP_KILL\"]},"
	"\"rlimits\":[{\"type\":\"RLIMIT_NOFILE\",\"soft\":10,\"hard\":20}]},"
	"\"linux\":{\"namespaces\":[{\"type\":\"mount\"}]}}";

static struct spec_config *load(void)
{
	struct spec_config *c = NULL;
	struct px_error err = { 0 };

	if (spec_parse_config(config_json, sizeof config_json - 1, &c, &err) < 0)
		fprintf(stderr, "  config: %s\n", err.msg);
	return c;
}

static void test_overrides(void)
{
	struct spec_config *c = load();
	struct px_error err = { 0 };
	char *args[] = { "ls", "-l" };
	const char *env[] = { "FOO=flag", "NEW=1" };
	const char *gids[] = { "5" };
	const char *caps[] = { "CAP_NET_ADMIN" };
	struct rt_exec_opts o = { .args = args, .n_args = 2, .env = env, .n_env = 2, .user = "100:200",
		                  .additional_gids = gids, .n_additional_gids = 1, .cwd = "/tmp", .caps = caps,
		                  .n_caps = 1, .no_new_privs = true };
	const struct spec_process *p;

	CHECK(c != NULL);
	if (!c)
		return;
	CHECK(rt_exec_build_process(c, &o, &err) == 0);
	p = &c->process;
	CHECK(p->n_args == 2);
	CHECK_STR(p->args[0], "ls");
	CHECK_STR(p->args[1], "-l");
	CHECK(p->args[2] == NULL);
	CHECK(p->n_env == 3);
	CHECK_STR(p->env[1], "FOO=flag"); /* replaced in place, not duplicated */
	CHECK_STR(p->env[2], "NEW=1");
	CHECK(p->env[3] == NULL);
	CHECK(p->uid == 100 && p->gid == 200);
	CHECK(p->n_additional_gids == 2 && p->additional_gids[0] == 3 && p->additional_gids[1] == 5);
	CHECK_STR(p->cwd, "/tmp");
	CHECK(p->capabilities.bounding == ((1ULL << 5) | (1ULL << 12)));
	CHECK(p->capabilities.permitted == ((1ULL << 5) | (1ULL << 12)));
	CHECK(p->capabilities.ambient == (1ULL << 12)); /* inheritable were in use */
	CHECK(p->no_new_privileges);
	CHECK(p->n_rlimits == 1); /* inherited */
	spec_config_free(c);
}

static void test_bad_overrides(void)
{
	struct px_error err = { 0 };
	char *args[] = { "true" };
	const char *bad_env[] = { "NOEQUALS" };
	const char *bad_cap[] = { "CAP_NOPE" };
	const char *bad_gid[] = { "-1" };
	struct rt_exec_opts o[] = {
		{ .args = args, .n_args = 1, .user = "x y" },
		{ .args = args, .n_args = 1, .user = "-u" },
		{ .args = args, .n_args = 1, .user = "1:4294967296" },
		{ .args = args, .n_args = 1, .env = bad_env, .n_env = 1 },
		{ .args = args, .n_args = 1, .caps = bad_cap, .n_caps = 1 },
		{ .args = args, .n_args = 1, .additional_gids = bad_gid, .n_additional_gids = 1 },
		{ .args = args, .n_args = 1, .cwd = "relative" },
		{ .n_args = 0 },
	};
	const char *want[] = { "--user \"x y\"", "--user \"-u\"", "the group", "--env \"NOEQUALS\"", "--cap \"CAP_NOPE\"",
		               "--additional-gids \"-1\"", "--cwd \"relative\"", "exec args cannot be empty" };

	for (size_t i = 0; i < sizeof o / sizeof o[0]; i++) {
		struct spec_config *c = load();
		if (!c)
			return;
		CHECK(rt_exec_build_process(c, &o[i], &err) < 0);
		CHECK_CONTAINS(err.msg, want[i]);
		spec_config_free(c);
	}
}

/* -u NAME[:GROUP], UID:GROUP, -g GROUP (crun's): numbers applied at once, names
 * left for the container's files, then resolved from their texts. */
static void test_names(void)
{
	const char *passwd = "root:x:0:0:root:/root:/bin/sh\n"
	                     "bob:x:1000:1001::/home/bob:/bin/sh\n"
	                     "broken:x:abc:1::/:/bin/sh\n";
	const char *group = "root:x:0:\nstaff:x:50:bob\nwheel:x:10:\n";
	char *args[] = { "id" };
	const char *gids[] = { "7", "staff", "wheel" };
	struct {
		const char *user;
		uint32_t uid, gid;
	} ok[] = { { "bob", 1000, 1001 }, { "bob:staff", 1000, 50 }, { "bob:9", 1000, 9 },
		   { "5:wheel", 5, 10 }, { "5", 5, 2 /* the config's gid stays */ } };
	struct {
		const char *user;
		const char *gid;
		const char *want;
	} bad[] = { { "alice", NULL, "no user \"alice\" in the container's /etc/passwd" },
		    { "bob:nogroup", NULL, "no group \"nogroup\" in the container's /etc/group" },
		    { "broken", NULL, "no valid uid and gid for \"broken\"" },
		    { NULL, "nogroup", "--additional-gids \"nogroup\": no group" } };
	struct px_error err = { 0 };

	CHECK(!rt_exec_has_names("1:2", gids, 1));
	CHECK(rt_exec_has_names("1:x", NULL, 0) && rt_exec_has_names("x", NULL, 0));
	CHECK(rt_exec_has_names(NULL, gids, 2));
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		struct spec_config *c = load();
		struct rt_exec_opts o = { .args = args, .n_args = 1, .user = ok[i].user, .additional_gids = gids,
			                  .n_additional_gids = 3 };
		struct spec_process p;

		if (!c)
			return;
		CHECK(rt_exec_build_process(c, &o, &err) == 0);
		p = c->process;
		CHECK(rt_exec_resolve_names(&p, ok[i].user, gids, 3, passwd, group, &err) == 0);
		CHECK(p.uid == ok[i].uid && p.gid == ok[i].gid);
		/* config's 3, -g 7, then the names */
		CHECK(p.n_additional_gids == 4 && p.additional_gids[0] == 3 && p.additional_gids[1] == 7 &&
		      p.additional_gids[2] == 50 && p.additional_gids[3] == 10);
		free(p.additional_gids);
		spec_config_free(c);
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct spec_config *c = load();
		const char *g[] = { bad[i].gid };
		struct spec_process p;

		if (!c)
			return;
		p = c->process;
		CHECK(rt_exec_resolve_names(&p, bad[i].user, g, bad[i].gid ? 1 : 0, passwd, group, &err) < 0);
		CHECK_CONTAINS(err.msg, bad[i].want);
		if (p.additional_gids != c->process.additional_gids)
			free(p.additional_gids);
		spec_config_free(c);
	}
	/* no readable files: a clear error, not uid 0 */
	{
		struct spec_config *c = load();
		struct spec_process p;

		if (!c)
			return;
		p = c->process;
		CHECK(rt_exec_resolve_names(&p, "bob", NULL, 0, NULL, NULL, &err) < 0);
		CHECK_CONTAINS(err.msg, "no readable /etc/passwd");
		spec_config_free(c);
	}
}

static void test_process_json(void)
{
	struct spec_config *c = load();
	struct px_error err = { 0 };
	const char good[] = "{\"args\":[\"id\"],\"cwd\":\"/etc\",\"user\":{\"uid\":7,\"gid\":8}}";
	const char bad[] = "{\"args\":[],\"cwd\":\"/\"}";

	if (!c)
		return;
	CHECK(spec_parse_process_json(bad, sizeof bad - 1, c, &err) < 0);
	CHECK_CONTAINS(err.msg, "process.args");
	CHECK_STR(c->process.args[0], "sh"); /* unchanged on error */
	CHECK(spec_parse_process_json(good, sizeof good - 1, c, &err) == 0);
	CHECK_STR(c->process.args[0], "id");
	CHECK_STR(c->process.cwd, "/etc");
	CHECK(c->process.uid == 7 && c->process.gid == 8);
	CHECK(c->process.n_rlimits == 0 && !c->process.has_capabilities); /* the file's, not merged */
	CHECK(spec_parse_process_json("[", 1, c, &err) < 0);
	spec_config_free(c);
}

int main(void)
{
	RUN(test_names);
	RUN(test_overrides);
	RUN(test_bad_overrides);
	RUN(test_process_json);
	return unit_done();
}
