/* tests/unit/test_spec_config.c — spec/ config.json parsing and the default spec. */
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <linux/capability.h>
#include <unistd.h>

#include "spec/config.h"
#include "spec/json_walk.h"
#include "spec/names.h"
#include "tests/unit/unit.h"
#include "util/fs.h"

static const char full_json[] =
	"{\"ociVersion\":\"1.2.0\",\"hostname\":\"box\",\"domainname\":\"example.org\","
	"\"root\":{\"path\":\"rootfs\",\"readonly\":true},"
	"\"process\":{\"terminal\":false,\"consoleSize\":{\"height\":25,\"width\":80},"
	"\"user\":{\"uid\":1000,\"gid\":4294967295,\"additionalGids\":[5,6],\"username\":\"ignored\"},"
	"\"args\":[\"sh\",\"-c\",\"echo hi\"],\"env\":[\"PATH=/bin\",\"EMPTY=\"],\"cwd\":\"/home\","
	"\"capabilities\":{\"bounding\":[\"CAP_KILL\",\"CAP_SYS_ADMIN\"],\"effective\":[\"CAP_KILL\"],"
	"\"inheritable\":[],\"permitted\":[\"CAP_CHOWN\"],\"ambient\":[\"CAP_NET_RAW\"]},"
	"\"rlimits\":[{\"type\":\"RLIMIT_NOFILE\",\"soft\":1024,\"hard\":4096},"
	"{\"type\":\"RLIMIT_CORE\",\"soft\":18446744073709551615,\"hard\":18446744073709551615}],"
	"\"noNewPrivileges\":true,\"apparmorProfile\":\"\",\"selinuxLabel\":\"\"},"
	"\"mounts\":[{\"destination\":\"/proc\",\"type\":\"proc\",\"source\":\"proc\"},"
	"{\"destination\":\"/data\",\"source\":\"/srv\",\"options\":[\"rbind\",\"ro\"]}],"
	"\"linux\":{\"namespaces\":[{\"type\":\"pid\"},{\"type\":\"network\",\"path\":\"/run/netns/x\"},"
	"{\"type\":\"mount\"},{\"type\":\"ipc\"},{\"type\":\"uts\"},{\"type\":\"user\"},{\"type\":\"cgroup\"},"
	"{\"type\":\"time\",\"path\":\"\"}],"
	"\"uidMappings\":[{\"containerID\":0,\"hostID\":100000,\"size\":65536}],"
	"\"gidMappings\":[{\"containerID\":0,\"hostID\":200000,\"size\":1},{\"containerID\":1,\"hostID\":300000,\"size\":2}],"
	"\"devices\":[{\"path\":\"/dev/fuse\",\"type\":\"c\",\"major\":10,\"minor\":229,\"fileMode\":438,\"uid\":0,\"gid\":7},"
	"{\"path\":\"/dev/fifo\",\"type\":\"p\"}],"
	"\"cgroupsPath\":\"/pidbox/box\",\"rootfsPropagation\":\"slave\","
	"\"maskedPaths\":[\"/proc/kcore\"],\"readonlyPaths\":[\"/proc/sys\",\"/proc/bus\"],"
	"\"timeOffsets\":{\"boottime\":{\"secs\":-5,\"nanosecs\":999999999},\"monotonic\":{\"secs\":3600}},"
	"\"resources\":{\"devices\":[]},\"sysctl\":{},\"seccomp\":null},"
	"\"annotations\":{\"org.example.a\":\"1\",\"b\":\"\"},"
	"\"hooks\":{\"prestart\":[]},"
	"\"vendor.future\":{\"anything\":[1,2,3]}}";

static struct spec_config *parse_ok(const char *json)
{
	struct px_error err = { 0 };
	struct spec_config *c = NULL;
	if (spec_parse_config(json, strlen(json), &c, &err) < 0) {
		fprintf(stderr, "  unexpected error: %s\n", err.msg);
		return NULL;
	}
	return c;
}

/* Parse expecting failure; returns the message in a static buffer. */
static const char *parse_err(const char *json, size_t len)
{
	static struct px_error err;
	struct spec_config *c = (void *)1;
	px_err_clear(&err);
	if (spec_parse_config(json, len, &c, &err) == 0) {
		spec_config_free(c);
		return "(parsed fine)";
	}
	if (c != NULL)
		return "(out not NULL on error)";
	return err.msg;
}

/* A minimal valid config with `extra` spliced in at the top level; a "root" or
 * "process" in extra replaces the default one (duplicate keys are refused). */
static const char *with(const char *extra)
{
	static char buf[4096];
	bool own_root = strstr(extra, "\"root\":") != NULL, own_process = strstr(extra, "\"process\":") != NULL;
	snprintf(buf, sizeof buf, "{\"ociVersion\":\"1.0.0\"%s%s%s%s}",
	         own_root ? "" : ",\"root\":{\"path\":\"r\"}",
	         own_process ? "" : ",\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\"}", *extra ? "," : "", extra);
	return buf;
}
#define ERR_WITH(extra) parse_err(with(extra), strlen(with(extra)))
#define ERR(json) parse_err(json, strlen(json))

static void check_full_process(const struct spec_config *c)
{
	CHECK(c->has_process);
	const struct spec_process *p = &c->process;
	CHECK(!p->terminal);
	CHECK(p->uid == 1000 && p->gid == 4294967295u);
	CHECK(p->n_additional_gids == 2 && p->additional_gids[0] == 5 && p->additional_gids[1] == 6);
	CHECK(p->n_args == 3 && p->args[3] == NULL);
	CHECK_STR(p->args[0], "sh");
	CHECK_STR(p->args[2], "echo hi");
	CHECK(p->n_env == 2 && p->env[2] == NULL);
	CHECK_STR(p->env[1], "EMPTY=");
	CHECK_STR(p->cwd, "/home");
	CHECK(p->has_capabilities);
	CHECK(p->capabilities.bounding == ((1ull << CAP_KILL) | (1ull << CAP_SYS_ADMIN)));
	CHECK(p->capabilities.effective == 1ull << CAP_KILL);
	CHECK(p->capabilities.inheritable == 0);
	CHECK(p->capabilities.permitted == 1ull << CAP_CHOWN);
	CHECK(p->capabilities.ambient == 1ull << CAP_NET_RAW);
	CHECK(p->n_rlimits == 2);
	CHECK(p->rlimits[0].resource == RLIMIT_NOFILE && p->rlimits[0].soft == 1024 && p->rlimits[0].hard == 4096);
	CHECK(p->rlimits[1].resource == RLIMIT_CORE && p->rlimits[1].soft == UINT64_MAX &&
	      p->rlimits[1].hard == UINT64_MAX);
	CHECK(p->no_new_privileges);

}

static void check_full_mounts_linux(const struct spec_config *c)
{
	CHECK(c->n_mounts == 2);
	CHECK_STR(c->mounts[0].destination, "/proc");
	CHECK_STR(c->mounts[0].type, "proc");
	CHECK_STR(c->mounts[0].source, "proc");
	CHECK(c->mounts[0].n_options == 0 && c->mounts[0].options == NULL);
	CHECK_STR(c->mounts[1].destination, "/data");
	CHECK(c->mounts[1].type == NULL);
	CHECK_STR(c->mounts[1].source, "/srv");
	CHECK(c->mounts[1].n_options == 2 && c->mounts[1].options[2] == NULL);
	CHECK_STR(c->mounts[1].options[1], "ro");

	const struct spec_linux *l = &c->linux_;
	CHECK(l->n_namespaces == 8);
	CHECK(l->namespaces[0].type == CLONE_NEWPID && l->namespaces[0].path == NULL);
	CHECK(l->namespaces[1].type == CLONE_NEWNET);
	CHECK_STR(l->namespaces[1].path, "/run/netns/x");
	CHECK(l->namespaces[2].type == CLONE_NEWNS && l->namespaces[3].type == CLONE_NEWIPC);
	CHECK(l->namespaces[4].type == CLONE_NEWUTS && l->namespaces[5].type == CLONE_NEWUSER);
	CHECK(l->namespaces[6].type == CLONE_NEWCGROUP && l->namespaces[7].type == CLONE_NEWTIME);
	CHECK(l->namespaces[7].path == NULL); /* "" means create */
	CHECK(l->n_uid_mappings == 1 && l->uid_mappings[0].container_id == 0 &&
	      l->uid_mappings[0].host_id == 100000 && l->uid_mappings[0].size == 65536);
	CHECK(l->n_gid_mappings == 2 && l->gid_mappings[1].container_id == 1 &&
	      l->gid_mappings[1].host_id == 300000 && l->gid_mappings[1].size == 2);
	CHECK(l->n_devices == 2);
	CHECK_STR(l->devices[0].path, "/dev/fuse");
	CHECK(l->devices[0].type == 'c' && l->devices[0].major == 10 && l->devices[0].minor == 229);
	CHECK(l->devices[0].has_file_mode && l->devices[0].file_mode == 0666);
	CHECK(l->devices[0].has_uid && l->devices[0].uid == 0 && l->devices[0].has_gid && l->devices[0].gid == 7);
	CHECK(l->devices[1].type == 'p' && !l->devices[1].has_file_mode && !l->devices[1].has_uid);
	CHECK_STR(l->cgroups_path, "/pidbox/box");
	CHECK(l->rootfs_propagation == MS_SLAVE);
	CHECK(l->n_masked_paths == 1 && l->masked_paths[1] == NULL);
	CHECK_STR(l->masked_paths[0], "/proc/kcore");
	CHECK(l->n_readonly_paths == 2);
	CHECK_STR(l->readonly_paths[1], "/proc/bus");
	CHECK(l->time_boottime.present && l->time_boottime.secs == -5 && l->time_boottime.nanosecs == 999999999);
	CHECK(l->time_monotonic.present && l->time_monotonic.secs == 3600 && l->time_monotonic.nanosecs == 0);
}

static void test_full_config(void)
{
	struct spec_config *c = parse_ok(full_json);
	CHECK(c != NULL);
	if (!c)
		return;
	CHECK_STR(c->oci_version, "1.2.0");
	CHECK_STR(c->root_path, "rootfs");
	CHECK(c->root_readonly);
	CHECK_STR(c->hostname, "box");
	CHECK_STR(c->domainname, "example.org");
	check_full_process(c);
	check_full_mounts_linux(c);
	CHECK(c->n_annotations == 2);
	CHECK_STR(spec_annotation(c, "org.example.a"), "1");
	CHECK_STR(spec_annotation(c, "b"), "");
	CHECK(spec_annotation(c, "nope") == NULL);
	CHECK(spec_has_namespace(c, CLONE_NEWUSER));
	CHECK(spec_find_namespace(c, CLONE_NEWNET) == &c->linux_.namespaces[1]);
	spec_config_free(c);
}

static void test_minimal_config(void)
{
	struct spec_config *c = parse_ok("{\"ociVersion\":\"1.0.2-dev\",\"root\":{\"path\":\"rootfs\"}}");
	CHECK(c != NULL);
	if (!c)
		return;
	CHECK(!c->has_process && c->process.args == NULL);
	CHECK(c->hostname == NULL && c->n_mounts == 0 && c->linux_.n_namespaces == 0);
	CHECK(!spec_has_namespace(c, CLONE_NEWPID));
	CHECK(c->linux_.rootfs_propagation == 0);
	spec_config_free(c);
	spec_config_free(NULL);
}

static void check_default(bool rootless, bool cgroup_ns)
{
	char *json = spec_default_config_json(rootless, cgroup_ns);
	struct spec_config *c = parse_ok(json);
	CHECK(c != NULL);
	CHECK(json[0] == '{' && strchr(json, '\n') != NULL); /* pretty-printed */
	if (!c) {
		fprintf(stderr, "%s\n", json);
		free(json);
		return;
	}
	CHECK_STR(c->oci_version, SPEC_OCI_VERSION);
	CHECK_STR(c->hostname, "pidbox");
	CHECK_STR(c->root_path, "rootfs");
	CHECK(c->root_readonly);
	CHECK(c->process.terminal);
	CHECK(c->process.n_args == 1);
	CHECK_STR(c->process.args[0], "sh");
	uint64_t caps = (1ull << CAP_AUDIT_WRITE) | (1ull << CAP_KILL) | (1ull << CAP_NET_BIND_SERVICE);
	CHECK(c->process.capabilities.bounding == caps && c->process.capabilities.effective == caps &&
	      c->process.capabilities.permitted == caps && c->process.capabilities.ambient == 0);
	CHECK(c->process.n_rlimits == 1 && c->process.rlimits[0].resource == RLIMIT_NOFILE &&
	      c->process.rlimits[0].soft == 1024 && c->process.rlimits[0].hard == 1024);
	CHECK(c->process.no_new_privileges);
	CHECK(c->n_mounts == 7);
	CHECK(c->linux_.n_masked_paths == 10 && c->linux_.n_readonly_paths == 5);
	CHECK(spec_has_namespace(c, CLONE_NEWPID) && spec_has_namespace(c, CLONE_NEWNS) &&
	      spec_has_namespace(c, CLONE_NEWIPC) && spec_has_namespace(c, CLONE_NEWUTS));
	CHECK(spec_has_namespace(c, CLONE_NEWNET) == !rootless);
	CHECK(spec_has_namespace(c, CLONE_NEWCGROUP) == cgroup_ns);
	CHECK(spec_has_namespace(c, CLONE_NEWUSER) == rootless);
	if (rootless) {
		CHECK(c->linux_.n_uid_mappings == 1 && c->linux_.uid_mappings[0].host_id == getuid() &&
		      c->linux_.uid_mappings[0].container_id == 0 && c->linux_.uid_mappings[0].size == 1);
		CHECK(c->linux_.n_gid_mappings == 1 && c->linux_.gid_mappings[0].host_id == getgid());
		CHECK_STR(c->mounts[5].type, "none");
		CHECK(strstr(json, "gid=5") == NULL);
	} else {
		CHECK(c->linux_.n_uid_mappings == 0);
		CHECK_STR(c->mounts[5].type, "sysfs");
	}
	spec_config_free(c);
	free(json);
}

/* config.md 1.1+: a relative mount destination is read as relative to "/". */
static void test_relative_mount_destination(void)
{
	struct spec_config *c = parse_ok(with("\"mounts\":[{\"destination\":\"data/x\",\"type\":\"tmpfs\"},"
	                                      "{\"destination\":\"/abs\"}]"));
	CHECK(c && c->n_mounts == 2);
	if (c && c->n_mounts == 2) {
		CHECK_STR(c->mounts[0].destination, "/data/x");
		CHECK_STR(c->mounts[1].destination, "/abs");
	}
	spec_config_free(c);
}

static void test_default_config(void)
{
	check_default(false, false);
	check_default(false, true);
}
static void test_default_config_rootless(void)
{
	check_default(true, false);
	check_default(true, true);
}

static void test_oci_version(void)
{
	CHECK_CONTAINS(ERR("{\"root\":{\"path\":\"r\"}}"), "ociVersion: required");
	CHECK_CONTAINS(ERR("{\"ociVersion\":1,\"root\":{\"path\":\"r\"}}"), "ociVersion: must be a string");
	CHECK_STR(ERR("{\"ociVersion\":\"2.0.0\",\"root\":{\"path\":\"r\"}}"),
	          "ociVersion: \"2.0.0\" is not supported (pidbox supports 1.0.0 to 1.3.x)");
	CHECK_CONTAINS(ERR("{\"ociVersion\":\"1.4.0\",\"root\":{\"path\":\"r\"}}"), "is not supported");
	CHECK_CONTAINS(ERR("{\"ociVersion\":\"0.9.0\",\"root\":{\"path\":\"r\"}}"), "is not supported");
	CHECK_CONTAINS(ERR("{\"ociVersion\":\"1.0\",\"root\":{\"path\":\"r\"}}"), "not a semantic version");
	CHECK_CONTAINS(ERR("{\"ociVersion\":\"1.0.0-\",\"root\":{\"path\":\"r\"}}"), "not a semantic version");
	CHECK_CONTAINS(ERR("{\"ociVersion\":\"v1.0.0\",\"root\":{\"path\":\"r\"}}"), "not a semantic version");
	const char *ok[] = { "1.0.0", "1.0.2-dev", "1.3.0", "1.3.7+build.1", "1.1.0-rc.1" };
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		char buf[128];
		snprintf(buf, sizeof buf, "{\"ociVersion\":\"%s\",\"root\":{\"path\":\"r\"}}", ok[i]);
		struct spec_config *c = parse_ok(buf);
		CHECK(c != NULL);
		spec_config_free(c);
	}
}

static void test_required(void)
{
	CHECK_STR(ERR("{\"ociVersion\":\"1.0.0\"}"), "root.path: required");
	CHECK_STR(ERR("{\"ociVersion\":\"1.0.0\",\"root\":{}}"), "root.path: required");
	CHECK_CONTAINS(ERR("{\"ociVersion\":\"1.0.0\",\"root\":{\"path\":\"\"}}"), "root.path: must be");
	CHECK_STR(ERR("{\"ociVersion\":\"1.0.0\",\"root\":{\"path\":\"r\"},\"process\":{\"cwd\":\"/\"}}"),
	          "process.args: must be a non-empty array of strings");
	CHECK_STR(ERR("{\"ociVersion\":\"1.0.0\",\"root\":{\"path\":\"r\"},\"process\":{\"args\":[],\"cwd\":\"/\"}}"),
	          "process.args: must be a non-empty array of strings");
	CHECK_STR(ERR("{\"ociVersion\":\"1.0.0\",\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"a\"]}}"),
	          "process.cwd: required");
	CHECK_STR(ERR_WITH("\"mounts\":[{\"type\":\"proc\"}]"), "mounts[0].destination: required");
	CHECK_STR(ERR_WITH("\"linux\":{\"namespaces\":[{\"path\":\"/x\"}]}"),
	          "linux.namespaces[0].type: required, must be a string");
	CHECK_STR(ERR_WITH("\"linux\":{\"devices\":[{\"type\":\"c\",\"major\":1,\"minor\":3}]}"),
	          "linux.devices[0].path: required");
	CHECK_CONTAINS(ERR_WITH("\"linux\":{\"devices\":[{\"path\":\"/dev/n\",\"major\":1,\"minor\":3}]}"),
	               "linux.devices[0].type: required");
	CHECK_STR(ERR_WITH("\"linux\":{\"devices\":[{\"path\":\"/dev/n\",\"type\":\"c\",\"minor\":3}]}"),
	          "linux.devices[0].major: required for type \"c\"");
	CHECK_STR(ERR_WITH("\"linux\":{\"devices\":[{\"path\":\"/dev/n\",\"type\":\"b\",\"major\":3}]}"),
	          "linux.devices[0].minor: required for type \"b\"");
	CHECK_CONTAINS(ERR_WITH("\"linux\":{\"devices\":[{\"path\":\"/dev/n\",\"type\":\"x\"}]}"),
	               "linux.devices[0].type: required, must be one of");
	CHECK_CONTAINS(ERR_WITH("\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\",\"rlimits\":[{\"type\":\"RLIMIT_CPU\",\"hard\":1}]}"),
	               "process.rlimits[0].soft: must be");
}

static void test_wrong_types(void)
{
	CHECK_STR(ERR_WITH("\"hostname\":5"), "hostname: must be a string");
	CHECK_STR(ERR_WITH("\"root\":\"r\""), "root: must be an object");
	CHECK_STR(ERR_WITH("\"process\":[]"), "process: must be an object");
	CHECK_STR(ERR_WITH("\"process\":{\"args\":[\"sh\",1],\"cwd\":\"/\"}"), "process.args[1]: must be a string");
	CHECK_STR(ERR_WITH("\"process\":{\"args\":\"sh\",\"cwd\":\"/\"}"),
	          "process.args: must be a non-empty array of strings");
	CHECK_STR(ERR_WITH("\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\",\"terminal\":\"no\"}"),
	          "process.terminal: must be a boolean");
	CHECK_STR(ERR_WITH("\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\",\"noNewPrivileges\":1}"),
	          "process.noNewPrivileges: must be a boolean");
	CHECK_STR(ERR_WITH("\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\",\"user\":{\"uid\":\"0\"}}"),
	          "process.user.uid: must be an unsigned 32-bit integer");
	CHECK_STR(ERR_WITH("\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\",\"env\":{}}"),
	          "process.env: must be an array of strings");
	CHECK_STR(ERR_WITH("\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\",\"capabilities\":{\"bounding\":\"CAP_KILL\"}}"),
	          "process.capabilities.bounding: must be an array of strings");
	CHECK_STR(ERR_WITH("\"mounts\":{}"), "mounts: must be an array");
	CHECK_STR(ERR_WITH("\"mounts\":[{\"destination\":\"/x\",\"options\":[true]}]"),
	          "mounts[0].options[0]: must be a string");
	CHECK_STR(ERR_WITH("\"linux\":[]"), "linux: must be an object");
	CHECK_STR(ERR_WITH("\"linux\":{\"namespaces\":{}}"), "linux.namespaces: must be an array");
	CHECK_STR(ERR_WITH("\"linux\":{\"cgroupsPath\":[]}"), "linux.cgroupsPath: must be a string");
	CHECK_STR(ERR_WITH("\"linux\":{\"maskedPaths\":[\"/a\",{}]}"), "linux.maskedPaths[1]: must be a string");
	CHECK_STR(ERR_WITH("\"annotations\":[]"), "annotations: must be an object");
	CHECK_STR(ERR_WITH("\"annotations\":{\"a\":1}"), "annotations.a: must be a string");
	CHECK_STR(ERR_WITH("\"annotations\":{\"\":\"x\"}"), "annotations: keys must not be empty");
	CHECK_STR(ERR_WITH("\"hooks\":[]"), "hooks: must be an object");
	CHECK_STR(ERR_WITH("\"hooks\":{\"poststop\":{}}"), "hooks.poststop: must be an array");
	CHECK_STR(ERR("[]"), "must be a JSON object");
	CHECK_STR(ERR("\"string\""), "must be a JSON object");
	CHECK_STR(ERR("42"), "must be a JSON object");
}

/* runc 1.2+: names this libcap does not know (typos, lower case, numbers,
 * newer kernels') are ignored, the known ones of the same set kept. */
static void test_unknown_capabilities_ignored(void)
{
	struct spec_config *c = parse_ok("{\"ociVersion\":\"1.0.0\",\"root\":{\"path\":\"r\"},"
	                                 "\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\",\"capabilities\":{"
	                                 "\"ambient\":[\"CAP_KILL\",\"CAP_FOO\",\"CAP_CHOWN\"],"
	                                 "\"bounding\":[\"cap_kill\",\"12\",\"CAP_\"]}}}");
	CHECK(c != NULL);
	if (!c)
		return;
	CHECK(c->process.has_capabilities);
	CHECK(c->process.capabilities.ambient == ((1ull << CAP_KILL) | (1ull << CAP_CHOWN)));
	CHECK(c->process.capabilities.bounding == 0);
	spec_config_free(c);
}

static void test_values(void)
{
	CHECK_STR(ERR_WITH("\"process\":{\"args\":[\"sh\"],\"cwd\":\"rel\"}"), "process.cwd: must be an absolute path");
	CHECK_STR(ERR_WITH("\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\",\"env\":[\"A=1\",\"NOEQUALS\"]}"),
	          "process.env[1]: must be NAME=VALUE, got \"NOEQUALS\"");
	CHECK_CONTAINS(ERR_WITH("\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\",\"env\":[\"=x\"]}"), "process.env[0]");
	CHECK_STR(ERR_WITH("\"mounts\":[{\"destination\":\"/a\"},{\"destination\":\"/b\"},{\"destination\":\"/c\"},"
	                   "{\"destination\":\"\"}]"),
	          "mounts[3].destination: must not be empty");
	CHECK_CONTAINS(ERR_WITH("\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\",\"capabilities\":{\"bounding\":[1]}}"),
	               "process.capabilities.bounding[0]: must be a string");
	CHECK_STR(ERR_WITH("\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\",\"rlimits\":[{\"type\":\"RLIMIT_FOO\",\"soft\":1,\"hard\":1}]}"),
	          "process.rlimits[0].type: unknown rlimit \"RLIMIT_FOO\"");
	CHECK_STR(ERR_WITH("\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\",\"rlimits\":[{\"type\":\"RLIMIT_CPU\",\"soft\":1,"
	                   "\"hard\":1},{\"type\":\"RLIMIT_CPU\",\"soft\":2,\"hard\":2}]}"),
	          "process.rlimits[1].type: duplicate rlimit \"RLIMIT_CPU\"");
	CHECK_CONTAINS(ERR_WITH("\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\",\"rlimits\":[{\"type\":\"RLIMIT_CPU\",\"soft\":2,\"hard\":1}]}"),
	               "process.rlimits[0]: soft limit 2 exceeds hard limit 1");
	CHECK_STR(ERR_WITH("\"linux\":{\"namespaces\":[{\"type\":\"pid\"},{\"type\":\"pid\"}]}"),
	          "linux.namespaces[1].type: duplicate namespace type \"pid\"");
	CHECK_STR(ERR_WITH("\"linux\":{\"namespaces\":[{\"type\":\"net\"}]}"),
	          "linux.namespaces[0].type: unknown namespace type \"net\"");
	CHECK_STR(ERR_WITH("\"linux\":{\"namespaces\":[{\"type\":\"pid\",\"path\":\"proc/1/ns/pid\"}]}"),
	          "linux.namespaces[0].path: must be an absolute path");
	CHECK_CONTAINS(ERR_WITH("\"linux\":{\"rootfsPropagation\":\"sideways\"}"),
	               "linux.rootfsPropagation: unknown value \"sideways\"");
	CHECK_STR(ERR_WITH("\"linux\":{\"readonlyPaths\":[\"proc\"]}"), "linux.readonlyPaths[0]: must be an absolute path");
	CHECK_STR(ERR_WITH("\"linux\":{\"devices\":[{\"path\":\"dev/x\",\"type\":\"p\"}]}"),
	          "linux.devices[0].path: must be an absolute path");
	const char *props[][2] = { { "shared", "" }, { "private", "" }, { "unbindable", "" }, { "rslave", "" } };
	unsigned long want[] = { MS_SHARED, MS_PRIVATE, MS_UNBINDABLE, MS_SLAVE | MS_REC };
	for (size_t i = 0; i < 4; i++) {
		char buf[128];
		snprintf(buf, sizeof buf, "\"linux\":{\"rootfsPropagation\":\"%s\"}", props[i][0]);
		struct spec_config *c = parse_ok(with(buf));
		CHECK(c && c->linux_.rootfs_propagation == want[i]);
		spec_config_free(c);
	}
}

static void test_ranges(void)
{
	CHECK_STR(ERR_WITH("\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\",\"user\":{\"uid\":4294967296}}"),
	          "process.user.uid: must be an unsigned 32-bit integer");
	CHECK_STR(ERR_WITH("\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\",\"user\":{\"gid\":-1}}"),
	          "process.user.gid: must be an unsigned 32-bit integer");
	CHECK_STR(ERR_WITH("\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\",\"user\":{\"uid\":1.5}}"),
	          "process.user.uid: must be an unsigned 32-bit integer");
	CHECK_STR(ERR_WITH("\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\",\"user\":{\"uid\":1e3}}"),
	          "process.user.uid: must be an unsigned 32-bit integer");
	CHECK_STR(ERR_WITH("\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\",\"user\":{\"additionalGids\":[1,-2]}}"),
	          "process.user.additionalGids[1]: must be an unsigned 32-bit integer");
	CHECK_STR(ERR_WITH("\"linux\":{\"namespaces\":[{\"type\":\"user\"}],\"uidMappings\":[{\"containerID\":0,"
	                   "\"hostID\":0,\"size\":1},{\"containerID\":1,\"hostID\":1,\"size\":4294967296}],"
	                   "\"gidMappings\":[{\"containerID\":0,\"hostID\":0,\"size\":1}]}"),
	          "linux.uidMappings[1].size: must be an unsigned 32-bit integer");
	CHECK_STR(ERR_WITH("\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\",\"rlimits\":[{\"type\":\"RLIMIT_CPU\",\"soft\":1,"
	                   "\"hard\":18446744073709551616}]}"),
	          "process.rlimits[0].hard: must be an unsigned 64-bit integer");
	CHECK_STR(ERR_WITH("\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\",\"rlimits\":[{\"type\":\"RLIMIT_CPU\",\"soft\":-1,\"hard\":1}]}"),
	          "process.rlimits[0].soft: must be an unsigned 64-bit integer");
	CHECK_STR(ERR_WITH("\"linux\":{\"devices\":[{\"path\":\"/dev/x\",\"type\":\"c\",\"major\":1,\"minor\":2,\"fileMode\":-1}]}"),
	          "linux.devices[0].fileMode: must be an unsigned 32-bit integer");
	CHECK_STR(ERR_WITH("\"linux\":{\"devices\":[{\"path\":\"/dev/x\",\"type\":\"c\",\"major\":99999999999999999999,\"minor\":2}]}"),
	          "linux.devices[0].major: must be a 64-bit integer");
	CHECK_STR(ERR_WITH("\"linux\":{\"namespaces\":[{\"type\":\"time\"}],\"timeOffsets\":{\"boottime\":{\"secs\":1,\"nanosecs\":1000000000}}}"),
	          "linux.timeOffsets.boottime.nanosecs: must be less than 1000000000");
	CHECK_STR(ERR_WITH("\"linux\":{\"namespaces\":[{\"type\":\"time\"}],\"timeOffsets\":{\"monotonic\":{\"secs\":1.0}}}"),
	          "linux.timeOffsets.monotonic.secs: must be a 64-bit integer");
	CHECK_STR(ERR_WITH("\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\",\"consoleSize\":{\"height\":-1,\"width\":1}}"),
	          "process.consoleSize.height: must be an unsigned 32-bit integer");
	CHECK_STR(ERR_WITH("\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\",\"user\":{\"uid\":1"
	                   "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000}}"),
	          "process.user.uid: must be an unsigned 32-bit integer");
	CHECK_STR(ERR_WITH("\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\",\"user\":{\"uid\":1e400}}"),
	          "process.user.uid: must be an unsigned 32-bit integer");
	CHECK_STR(ERR_WITH("\"linux\":{\"namespaces\":[{\"type\":\"user\"}],\"uidMappings\":[{\"containerID\":0,"
	                   "\"hostID\":0,\"size\":0}],\"gidMappings\":[{\"containerID\":0,\"hostID\":0,\"size\":1}]}"),
	          "linux.uidMappings[0].size: must be at least 1");
	CHECK_STR(ERR_WITH("\"linux\":{\"namespaces\":[{\"type\":\"user\"}],\"uidMappings\":[{\"containerID\":0,"
	                   "\"hostID\":0,\"size\":1}],\"gidMappings\":[{\"containerID\":0,\"hostID\":4294967295,\"size\":2}]}"),
	          "linux.gidMappings[0]: the range goes past id 4294967295");
	struct spec_config *c = parse_ok(with(
		"\"linux\":{\"namespaces\":[{\"type\":\"user\"}],\"uidMappings\":[{\"containerID\":0,"
		"\"hostID\":0,\"size\":4294967295}],\"gidMappings\":[{\"containerID\":4294967295,\"hostID\":1,\"size\":1}]}"));
	CHECK(c != NULL);
	spec_config_free(c);
	CHECK_STR(ERR_WITH("\"linux\":{\"devices\":[{\"path\":\"/dev/x\",\"type\":\"c\",\"major\":-1,\"minor\":2}]}"),
	          "linux.devices[0].major: -1 is out of range (0 to 4095)");
	/* the kernel keeps 12 bits of major, 20 of minor: 2^32+1 would wrap to 1 (/dev/mem's) */
	CHECK_STR(ERR_WITH("\"linux\":{\"devices\":[{\"path\":\"/dev/x\",\"type\":\"c\",\"major\":4294967297,\"minor\":1}]}"),
	          "linux.devices[0].major: 4294967297 is out of range (0 to 4095)");
	CHECK_STR(ERR_WITH("\"linux\":{\"devices\":[{\"path\":\"/dev/x\",\"type\":\"c\",\"major\":4095,\"minor\":1048576}]}"),
	          "linux.devices[0].minor: 1048576 is out of range (0 to 1048575)");
	/* podman passes the host device's whole st_mode: S_IFCHR | 0666 = 8630 */
	c = parse_ok(with("\"linux\":{\"devices\":[{\"path\":\"/dev/x\",\"type\":\"c\",\"major\":1,\"minor\":2,"
	                  "\"fileMode\":8630},{\"path\":\"/dev/y\",\"type\":\"b\",\"major\":7,\"minor\":0,"
	                  "\"fileMode\":25008}]}"));
	CHECK(c != NULL);
	CHECK(c && c->linux_.devices[0].file_mode == 8630 && c->linux_.devices[1].file_mode == 25008);
	spec_config_free(c);
	CHECK_STR(ERR_WITH("\"linux\":{\"devices\":[{\"path\":\"/dev/x\",\"type\":\"b\",\"major\":1,\"minor\":2,\"fileMode\":8630}]}"),
	          "linux.devices[0].fileMode: file type bits 020000 do not match type \"b\"");
	CHECK_STR(ERR_WITH("\"linux\":{\"devices\":[{\"path\":\"/dev/x\",\"type\":\"c\",\"major\":1,\"minor\":2,\"fileMode\":65536}]}"),
	          "linux.devices[0].fileMode: 65536 is not a file mode");
	char big[200];
	snprintf(big, sizeof big, "\"hostname\":\"%065d\",\"linux\":{\"namespaces\":[{\"type\":\"uts\"}]}", 0);
	CHECK_STR(ERR_WITH(big), "hostname: longer than 64 bytes");
	/* more uid_map lines than the kernel takes */
	size_t cap = 64 * 400;
	char *many = px_xmalloc(cap), *w = many;
	w += sprintf(w, "{\"ociVersion\":\"1.0.0\",\"root\":{\"path\":\"r\"},"
	                "\"linux\":{\"namespaces\":[{\"type\":\"user\"}],\"uidMappings\":[");
	for (int i = 0; i < 341; i++)
		w += sprintf(w, "%s{\"containerID\":%d,\"hostID\":%d,\"size\":1}", i ? "," : "", i, i);
	sprintf(w, "]}}");
	CHECK_STR(ERR(many), "linux.uidMappings: at most 340 mappings");
	free(many);
}

static void test_cross_rules(void)
{
	CHECK_STR(ERR_WITH("\"linux\":{\"timeOffsets\":{\"boottime\":{\"secs\":1}}}"),
	          "linux.timeOffsets: requires a time namespace in linux.namespaces");
	CHECK_CONTAINS(ERR_WITH("\"linux\":{\"namespaces\":[{\"type\":\"time\",\"path\":\"/proc/1/ns/time\"}],"
	                        "\"timeOffsets\":{\"boottime\":{\"secs\":1}}}"),
	               "linux.timeOffsets: cannot be set when joining");
	CHECK_STR(ERR_WITH("\"linux\":{\"namespaces\":[{\"type\":\"time\"}],\"timeOffsets\":{\"realtime\":{\"secs\":1}}}"),
	          "linux.timeOffsets.realtime: unknown clock (only \"boottime\" and \"monotonic\")");
	CHECK_STR(ERR_WITH("\"linux\":{\"uidMappings\":[{\"containerID\":0,\"hostID\":1,\"size\":1}]}"),
	          "linux.uidMappings: requires a user namespace in linux.namespaces");
	CHECK_STR(ERR_WITH("\"linux\":{\"gidMappings\":[{\"containerID\":0,\"hostID\":1,\"size\":1}]}"),
	          "linux.gidMappings: requires a user namespace in linux.namespaces");
	CHECK_STR(ERR_WITH("\"linux\":{\"namespaces\":[{\"type\":\"user\"}]}"),
	          "linux.uidMappings: required when a new user namespace is created");
	CHECK_STR(ERR_WITH("\"linux\":{\"namespaces\":[{\"type\":\"user\"}],\"uidMappings\":[{\"containerID\":0,"
	                   "\"hostID\":1,\"size\":1}]}"),
	          "linux.gidMappings: required when a new user namespace is created");
	struct spec_config *c = parse_ok(with("\"linux\":{\"namespaces\":[{\"type\":\"user\",\"path\":\"/proc/1/ns/user\"}]}"));
	CHECK(c != NULL); /* joining a user namespace needs no mappings */
	spec_config_free(c);
	CHECK_STR(ERR_WITH("\"hostname\":\"h\""), "hostname: requires a uts namespace in linux.namespaces");
	CHECK_STR(ERR_WITH("\"domainname\":\"d\""), "domainname: requires a uts namespace in linux.namespaces");
	c = parse_ok(with("\"hostname\":\"\""));
	CHECK(c != NULL);
	spec_config_free(c);
}

static void test_not_supported(void)
{
	static const char *const cases[][2] = {
		{ "\"linux\":{\"resources\":[]}", "linux.resources: must be an object" },
		{ "\"linux\":{\"intelRdt\":{\"closID\":\"x\"}}", "linux.intelRdt: not supported yet" },
		{ "\"linux\":{\"memoryPolicy\":{\"mode\":\"MPOL_BIND\"}}", "linux.memoryPolicy.nodes: required with MPOL_BIND" },
		{ "\"linux\":{\"netDevices\":{\"eth0\":{}}}",
		  "linux.netDevices: requires a network namespace in linux.namespaces (without one the interfaces "
		  "would stay in the host's)" },
		{ "\"linux\":{\"namespaces\":[{\"type\":\"network\"}],\"netDevices\":{\"eth0\":{\"name\":\"a\"},"
		  "\"eth1\":{\"name\":\"a\"}}}",
		  "linux.netDevices: eth0 and eth1 would both be \"a\" in the container" },
		{ "\"linux\":{\"namespaces\":[{\"type\":\"network\"},{\"type\":\"pid\",\"path\":\"/p\"}],"
		  "\"netDevices\":{\"eth0\":{}}}",
		  "linux.netDevices: with a pid namespace joined by path, the network namespace must be joined by path "
		  "too (a new one is made inside the container's setup)" },
		{ "\"mounts\":[{\"destination\":\"/a\"},{\"destination\":\"/b\",\"uidMappings\":[{\"containerID\":0,\"hostID\":1,\"size\":1}]}]",
		  "mounts[1].gidMappings: required along with uidMappings" },
		{ "\"mounts\":[{\"destination\":\"/b\",\"gidMappings\":[{\"containerID\":0,\"hostID\":1,\"size\":1}]}]",
		  "mounts[0].uidMappings: required along with gidMappings" },
		{ "\"mounts\":[{\"destination\":\"/b\",\"type\":\"tmpfs\",\"options\":[\"idmap\"],"
		  "\"uidMappings\":[{\"containerID\":0,\"hostID\":1,\"size\":1}],"
		  "\"gidMappings\":[{\"containerID\":0,\"hostID\":1,\"size\":1}]}]",
		  "mounts[0]: idmapped mounts must be bind mounts (type \"bind\" or option bind/rbind)" },
		{ "\"mounts\":[{\"destination\":\"/b\",\"type\":\"bind\",\"source\":\"/x\",\"options\":[\"ridmap\"]}]",
		  "mounts[0]: option idmap without uidMappings/gidMappings needs a user namespace in linux.namespaces" },
		{ "\"mounts\":[{\"destination\":\"/b\",\"uidMappings\":[{\"containerID\":0,\"hostID\":1,\"size\":0}]}]",
		  "mounts[0].uidMappings[0].size: must be at least 1" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		CHECK_STR(ERR_WITH(cases[i][0]), cases[i][1]);
}

/* linux.memoryPolicy into the kernel's numbers, and back into words; netDevices
 * keep the host's name when none is given. */
static void test_memory_policy_and_net_devices(void)
{
	struct spec_config *c = parse_ok(with(
		"\"linux\":{\"namespaces\":[{\"type\":\"network\"}],\"memoryPolicy\":{\"mode\":\"MPOL_INTERLEAVE\","
		"\"nodes\":\"0-2,5,64\",\"flags\":[\"MPOL_F_STATIC_NODES\"]},"
		"\"netDevices\":{\"eth1\":{},\"eth2\":{\"name\":\"c%d\"},\"eth3\":{\"name\":\"\"}}}"));
	char buf[256];

	CHECK(c != NULL);
	if (!c)
		return;
	CHECK(c->linux_.memory_policy.present);
	CHECK(c->linux_.memory_policy.mode == 3);             /* MPOL_INTERLEAVE */
	CHECK(c->linux_.memory_policy.flags == (1u << 15)); /* MPOL_F_STATIC_NODES */
	CHECK(c->linux_.memory_policy.nodes[0] == 0x27);
	CHECK(c->linux_.memory_policy.nodes[1] == (sizeof(long) == 8 ? 1 : 0));
	spec_mpol_describe(&c->linux_.memory_policy, buf, sizeof buf);
	CHECK_STR(buf, "MPOL_INTERLEAVE nodes 0-2,5,64 MPOL_F_STATIC_NODES");
	CHECK(c->linux_.n_net_devices == 3);
	if (c->linux_.n_net_devices == 3) {
		CHECK_STR(c->linux_.net_devices[0].name, "eth1");
		CHECK_STR(c->linux_.net_devices[1].name, "c%d");
		CHECK_STR(c->linux_.net_devices[2].name, "eth3");
	}
	spec_config_free(c);
}

/* The empty forms of refused fields are not a request for anything. */
static void test_empty_unsupported_ok(void)
{
	struct spec_config *c = parse_ok(with(
		"\"hooks\":{\"prestart\":[],\"poststop\":null},"
		"\"linux\":{\"resources\":{\"devices\":[],\"memory\":{},\"unified\":null},\"sysctl\":{},"
		"\"seccomp\":null,\"mountLabel\":\"\",\"netDevices\":{}},"
		"\"mounts\":[{\"destination\":\"/x\",\"uidMappings\":[],\"gidMappings\":null}]"));
	CHECK(c != NULL);
	spec_config_free(c);
	c = parse_ok(with("\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\",\"terminal\":false,\"apparmorProfile\":\"\","
	                  "\"user\":{\"username\":\"bob\"},\"commandLine\":\"x\"}"));
	CHECK(c != NULL);
	spec_config_free(c);
}

static void test_unknown_ignored(void)
{
	struct spec_config *c = parse_ok(with(
		"\"foo\":1,\"org.vendor\":{\"x\":[{}]},\"windows\":{\"layerFolders\":[]},"
		"\"linux\":{\"newThing\":true,\"resources\":{\"futureController\":{\"x\":1}},"
		"\"namespaces\":[{\"type\":\"pid\",\"extra\":\"y\"}]},"
		"\"mounts\":[{\"destination\":\"/x\",\"weird\":[]}],"
		"\"hooks\":{\"futurePhase\":[{\"path\":\"/bin/x\"}]},"
		"\"root\":{\"path\":\"r\",\"zzz\":0}"));
	CHECK(c != NULL);
	if (c)
		CHECK(c->linux_.n_namespaces == 1 && c->n_mounts == 1);
	spec_config_free(c);
	/* null for an optional field means absent */
	c = parse_ok(with("\"hostname\":null,\"linux\":null,\"mounts\":null,\"annotations\":null"));
	CHECK(c != NULL && c->hostname == NULL);
	spec_config_free(c);
}

/* Duplicate keys are refused anywhere (spec/json_parse.c says why): Go's decoder
 * would keep "a" for "hostname":"a","hostname":null, another reader would see null. */
static void test_duplicate_keys(void)
{
	CHECK_STR(ERR("{\"ociVersion\":\"1.0.0\",\n\"hostname\":\"a\",\n  \"hostname\":null}"),
	          "invalid JSON at line 3, column 3: duplicate key hostname (first at line 2, column 1)");
	CHECK_STR(ERR_WITH("\"annotations\":{\"k\":\"1\",\"j\":\"2\",\"k\":\"3\"}"),
	          "invalid JSON at line 1, column 110: duplicate key annotations.k (first at line 1, column 94)");
	/* deep inside arrays, and an escaped quote in a key does not hide its start */
	CHECK_CONTAINS(ERR_WITH("\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\",\"rlimits\":[{},"
	                        "{\"type\":\"a\",\"x\\\"\":1,\"type\":\"b\"}]}"),
	               "duplicate key process.rlimits[1].type (first at line 1, column ");
	/* the same key in sibling objects is no duplicate */
	struct spec_config *c = parse_ok(with("\"annotations\":{\"k\":\"1\"},\"org.x\":{\"k\":{\"k\":1}}"));
	CHECK(c != NULL && c->n_annotations == 1);
	spec_config_free(c);
	/* many keys: the check sorts, it does not compare every pair */
	size_t n = 200000;
	char *big = px_xmalloc(n * 16 + 64), *p = big;
	p += sprintf(p, "{\"ociVersion\":\"1.0.0\",\"root\":{\"path\":\"r\"},\"x\":{");
	for (size_t i = 0; i < n; i++)
		p += sprintf(p, "%s\"k%zu\":0", i ? "," : "", i);
	strcpy(p, ",\"k7\":1}}");
	CHECK_CONTAINS(parse_err(big, strlen(big)), "duplicate key x.k7 (first at line 1, column ");
	free(big);
}

/* Ill-formed Unicode is refused, where Go would put U+FFFD: a silent replacement in a
 * path or an argument is worse than a clear error. */
static void test_unicode(void)
{
	CHECK_STR(ERR_WITH("\"hostname\":\"\xc0\xaf\""), "invalid JSON at line 1, column 91: ill-formed UTF-8 (byte 0xc0)");
	CHECK_CONTAINS(ERR_WITH("\"hostname\":\"\xe0\x80\xaf\""), "ill-formed UTF-8 (byte 0xe0)");    /* overlong */
	CHECK_CONTAINS(ERR_WITH("\"hostname\":\"\xed\xa0\x80\""), "ill-formed UTF-8 (byte 0xed)");    /* surrogate */
	CHECK_CONTAINS(ERR_WITH("\"hostname\":\"\xf4\x90\x80\x80\""), "ill-formed UTF-8 (byte 0xf4)"); /* > U+10FFFF */
	CHECK_CONTAINS(ERR_WITH("\"hostname\":\"\xe2\x82\""), "ill-formed UTF-8 (byte 0xe2)");        /* cut short */
	CHECK_CONTAINS(ERR_WITH("\"hostname\":\"\\ud800x\""), "unpaired UTF-16 surrogate \\ud800");
	CHECK_CONTAINS(ERR_WITH("\"hostname\":\"\\udc00\""), "unpaired UTF-16 surrogate \\udc00");
	/* well-formed text and a surrogate pair pass, decoded */
	struct spec_config *c = parse_ok(with("\"annotations\":{\"a\":\"\xe2\x82\xac \xf0\x9f\x98\x80\",\"b\":\"\\ud83d\\ude00\"}"));
	CHECK(c != NULL);
	if (c) {
		CHECK_STR(spec_annotation(c, "a"), "\xe2\x82\xac \xf0\x9f\x98\x80");
		CHECK_STR(spec_annotation(c, "b"), "\xf0\x9f\x98\x80");
	}
	spec_config_free(c);
}

static void test_malformed(void)
{
	CHECK_STR(ERR("{bad"), "invalid JSON at line 1, column 2: lexical error: invalid char in json text.");
	CHECK_STR(ERR("{\"a\":1,\n  }"), "invalid JSON at line 2, column 3: parse error: invalid object key (must be a string)");
	CHECK_STR(ERR("{\"ociVersion\":\n\"1.0.0\""), "invalid JSON at line 2, column 8: parse error: premature EOF");
	CHECK_STR(ERR("{}\n x"), "invalid JSON at line 2, column 2: parse error: trailing garbage");
	/* columns count characters, not bytes */
	CHECK_STR(ERR("{\"\xc3\xa9\xc3\xa9\":x}"), "invalid JSON at line 1, column 7: lexical error: invalid char in json text.");
	CHECK_STR(ERR(""), "invalid JSON: empty document");
	CHECK_STR(ERR("{/* c */}"), "invalid JSON at line 1, column 2: comments are not allowed");
	CHECK_CONTAINS(ERR("{\"ociVersion\":\"1.0.0\"} // c"), "comments are not allowed");
	CHECK_STR(ERR(" \n\t "), "invalid JSON: empty document");
	/* invalid UTF-8 inside a string */
	CHECK_CONTAINS(ERR("{\"ociVersion\":\"1.0.0\",\"hostname\":\"\xff\xfe\"}"), "invalid JSON");
	CHECK_CONTAINS(ERR("{\"ociVersion\":\"\xc3\"}"), "invalid JSON");
	/* a NUL byte in the buffer, and an escaped one inside a string */
	static const char nul[] = "{\"ociVersion\":\"1.0.0\"\0,\"x\":1}";
	CHECK_CONTAINS(parse_err(nul, sizeof nul - 1), "invalid JSON at line 1, column 22: NUL byte");
	CHECK_CONTAINS(ERR_WITH("\"process\":{\"args\":[\"sh\\u0000evil\"],\"cwd\":\"/\"}"), "\\u0000");
	/* an escaped quote and an escaped backslash do not confuse the scanner */
	struct spec_config *c = parse_ok(with("\"annotations\":{\"q\":\"a\\\"[[[\",\"b\":\"\\\\\"}"));
	CHECK(c != NULL);
	if (c) {
		CHECK_STR(spec_annotation(c, "q"), "a\"[[[");
		CHECK_STR(spec_annotation(c, "b"), "\\");
	}
	spec_config_free(c);
	/* len is honoured: text after len is never read */
	const char *json = with("");
	char *copy = px_xmalloc(strlen(json) + 5);
	memcpy(copy, json, strlen(json));
	memcpy(copy + strlen(json), "junk", 5);
	struct px_error err = { 0 };
	c = NULL;
	CHECK(spec_parse_config(copy, strlen(json), &c, &err) == 0);
	spec_config_free(c);
	free(copy);
}

/* Values and keys from the input are escaped, so a message stays on one line. */
static void test_quoting(void)
{
	CHECK_STR(ERR_WITH("\"linux\":{\"namespaces\":[{\"type\":\"n\\net\\\"\"}]}"),
	          "linux.namespaces[0].type: unknown namespace type \"n\\net\\\"\"");
	CHECK_STR(ERR_WITH("\"annotations\":{\"a\\u0001b\":1}"), "annotations.a\\x01b: must be a string");
	const char *msg = ERR_WITH("\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\",\"env\":[\""
	                          "0123456789012345678901234567890123456789012345678901234567890123456789"
	                          "0123456789012345678901234567890123456789\"]}");
	CHECK_CONTAINS(msg, "process.env[0]: must be NAME=VALUE, got \"0123");
	CHECK_CONTAINS(msg, "...\"");
	CHECK(strlen(msg) < 150);
}

/* The path builders (spec/json_walk.c) at their edges: escapes, an empty
 * parent, many-digit indexes, and a path cut at SPEC_PATH_MAX as snprintf did. */
static void test_paths(void)
{
	char buf[SPEC_PATH_MAX], key[300];

	CHECK_STR(spec_path_key(buf, "linux", "a\"b\\c\n\t\x7f"), "linux.a\\\"b\\\\c\\n\\t\\x7f");
	CHECK_STR(spec_path_key(buf, "", "process"), "process");
	CHECK_STR(spec_path_idx(buf, "mounts", 0), "mounts[0]");
	CHECK_STR(spec_path_idx(buf, "", 18446744073709551615UL), "[18446744073709551615]");
	CHECK_STR(spec_path_key(buf, spec_path_idx(buf, "mounts", 12), "type"), "mounts[12].type");
	memset(key, 'k', sizeof key - 1);
	key[sizeof key - 1] = '\0';
	spec_path_key(buf, "annotations", key);
	CHECK(strlen(buf) == strlen("annotations.") + SPEC_QUOTE_MAX - 1);
	CHECK(!strcmp(buf + strlen(buf) - 3, "..."));
	spec_path_idx(buf, key, 7); /* a parent longer than a path may be */
	CHECK(strlen(buf) == SPEC_PATH_MAX - 1 && !strncmp(buf, key, SPEC_PATH_MAX - 1));
}

static void test_deep_nesting(void)
{
	size_t n = 100000;
	char *s = px_xmalloc(2 * n + 1);
	memset(s, '[', n);
	memset(s + n, ']', n);
	s[2 * n] = '\0';
	CHECK_CONTAINS(parse_err(s, 2 * n), "nested deeper than 64 levels");
	memset(s, '{', n); /* unbalanced and hostile */
	CHECK_CONTAINS(parse_err(s, n), "nested deeper than 64 levels");
	free(s);
	/* brackets inside strings do not count */
	char buf[512];
	char brackets[201];
	memset(brackets, '[', 200);
	brackets[200] = '\0';
	snprintf(buf, sizeof buf, "{\"ociVersion\":\"1.0.0\",\"root\":{\"path\":\"%s\"}}", brackets);
	struct spec_config *c = parse_ok(buf);
	CHECK(c != NULL);
	spec_config_free(c);
	/* 64 levels are fine (the unknown field is ignored) */
	char deep[256] = "{\"ociVersion\":\"1.0.0\",\"root\":{\"path\":\"r\"},\"x\":";
	size_t off = strlen(deep);
	for (int i = 0; i < 63; i++)
		deep[off++] = '[';
	for (int i = 0; i < 63; i++)
		deep[off++] = ']';
	deep[off++] = '}';
	deep[off] = '\0';
	c = parse_ok(deep);
	CHECK(c != NULL);
	spec_config_free(c);
}

static void test_load_config(void)
{
	char dir[] = "/tmp/pidbox-spec-test-XXXXXX";
	struct px_error err = { 0 };
	struct spec_config *c = NULL;

	CHECK(mkdtemp(dir) != NULL);
	CHECK(spec_load_config(dir, &c, &err) < 0 && c == NULL);
	CHECK_CONTAINS(err.msg, "config.json");
	char *path = px_asprintf("%s/config.json", dir);
	FILE *f = fopen(path, "w");
	CHECK(f != NULL);
	if (f) {
		fputs("{\"ociVersion\":\"1.0.0\",\"root\":{\"path\":\"r\"},\"hostname\":7}", f);
		fclose(f);
	}
	CHECK(spec_load_config(dir, &c, &err) < 0);
	CHECK_STR(err.msg, "config.json: hostname: must be a string");
	f = fopen(path, "w");
	if (f) {
		fputs(with(""), f);
		fclose(f);
	}
	CHECK(spec_load_config(dir, &c, &err) == 0 && c != NULL);
	spec_config_free(c);
	unlink(path);
	rmdir(dir);
	free(path);
}

static void test_names(void)
{
	CHECK(spec_capability_from_name("CAP_CHOWN") == CAP_CHOWN);
	CHECK(spec_capability_from_name("CAP_CHECKPOINT_RESTORE") == 40);
	CHECK(spec_capability_from_name("CAP_") == -1);
	CHECK(spec_capability_from_name("CAP_NOPE") == -1);
	CHECK(spec_rlimit_from_name("RLIMIT_STACK") == RLIMIT_STACK);
	CHECK_STR(spec_rlimit_name(RLIMIT_RTTIME), "RLIMIT_RTTIME");
	CHECK(spec_namespace_from_name("time") == CLONE_NEWTIME);
	CHECK_STR(spec_namespace_name(CLONE_NEWNET), "network");
	unsigned long all[16];
	CHECK(spec_namespace_all(all, 16) == 8);
}

int main(void)
{
	RUN(test_full_config);
	RUN(test_minimal_config);
	RUN(test_relative_mount_destination);
	RUN(test_default_config);
	RUN(test_default_config_rootless);
	RUN(test_oci_version);
	RUN(test_required);
	RUN(test_wrong_types);
	RUN(test_values);
	RUN(test_unknown_capabilities_ignored);
	RUN(test_ranges);
	RUN(test_cross_rules);
	RUN(test_not_supported);
	RUN(test_memory_policy_and_net_devices);
	RUN(test_empty_unsupported_ok);
	RUN(test_unknown_ignored);
	RUN(test_malformed);
	RUN(test_duplicate_keys);
	RUN(test_unicode);
	RUN(test_quoting);
	RUN(test_paths);
	RUN(test_deep_nesting);
	RUN(test_load_config);
	RUN(test_names);
	return unit_done();
}
