/* tests/unit/test_spec_process_extras.c — spec/parse_process_extras.c,
 * parse_linux_extras.c, parse_seccomp.c and parse_hooks.c: the process, linux
 * and hooks fields of issue 3, their ranges and cross rules. */
#include <errno.h>
#include <sched.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>

#include "spec/config.h"
#include "spec/seccomp_state.h"
#include "tests/unit/unit.h"

/* A minimal valid config with `proc` spliced into process and `lin` into linux. */
static const char *cfg(const char *proc, const char *lin)
{
	static char buf[8192];
	snprintf(buf, sizeof buf,
	         "{\"ociVersion\":\"1.3.0\",\"root\":{\"path\":\"r\"},"
	         "\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\"%s%s},"
	         "\"linux\":{\"namespaces\":[{\"type\":\"mount\"},{\"type\":\"network\"},{\"type\":\"ipc\"},"
	         "{\"type\":\"uts\"}]%s%s}}",
	         *proc ? "," : "", proc, *lin ? "," : "", lin);
	return buf;
}

static struct spec_config *parse_ok(const char *json)
{
	struct px_error err = { 0 };
	struct spec_config *c = NULL;
	if (spec_parse_config(json, strlen(json), &c, &err) < 0)
		fprintf(stderr, "  unexpected error: %s\n", err.msg);
	return c;
}

static const char *parse_err(const char *json)
{
	static struct px_error err;
	struct spec_config *c = NULL;
	px_err_clear(&err);
	if (spec_parse_config(json, strlen(json), &c, &err) == 0) {
		spec_config_free(c);
		return "(parsed fine)";
	}
	return err.msg;
}

static void test_process_extras(void)
{
	struct spec_config *c = parse_ok(cfg(
		"\"user\":{\"uid\":1,\"umask\":18},\"oomScoreAdj\":-1000,"
		"\"scheduler\":{\"policy\":\"SCHED_RR\",\"priority\":5,\"flags\":[\"SCHED_FLAG_RESET_ON_FORK\"]},"
		"\"ioPriority\":{\"class\":\"IOPRIO_CLASS_BE\",\"priority\":7},\"consoleSize\":{\"height\":24,\"width\":80}",
		""));
	CHECK(c != NULL);
	if (!c)
		return;
	CHECK(c->process.has_umask && c->process.umask == 022);
	CHECK(c->process.has_oom_score_adj && c->process.oom_score_adj == -1000);
	CHECK(c->process.scheduler.present && c->process.scheduler.policy == SCHED_RR);
	CHECK(c->process.scheduler.priority == 5 && c->process.scheduler.flags == 1);
	CHECK(c->process.io_priority.present && c->process.io_priority.klass == 2 && c->process.io_priority.priority == 7);
	CHECK(c->process.console_height == 24 && c->process.console_width == 80);
	spec_config_free(c);
	c = parse_ok(cfg("\"scheduler\":{\"policy\":\"SCHED_DEADLINE\",\"runtime\":10000,\"deadline\":20000,"
	                 "\"period\":20000}", ""));
	CHECK(c && c->process.scheduler.policy == 6 && c->process.scheduler.period == 20000);
	spec_config_free(c);
}

static void test_process_extras_errors(void)
{
	CHECK_STR(parse_err(cfg("\"user\":{\"umask\":512}", "")),
	          "process.user.umask: 01000 is not a permission mask (0 to 0777)");
	CHECK_STR(parse_err(cfg("\"oomScoreAdj\":1001", "")), "process.oomScoreAdj: 1001 is out of range (-1000 to 1000)");
	CHECK_STR(parse_err(cfg("\"oomScoreAdj\":\"1\"", "")), "process.oomScoreAdj: must be a 64-bit integer");
	CHECK_STR(parse_err(cfg("\"scheduler\":{}", "")), "process.scheduler.policy: required, must be a string");
	CHECK_STR(parse_err(cfg("\"scheduler\":{\"policy\":\"SCHED_X\"}", "")),
	          "process.scheduler.policy: unknown policy \"SCHED_X\"");
	CHECK_STR(parse_err(cfg("\"scheduler\":{\"policy\":\"SCHED_FIFO\"}", "")),
	          "process.scheduler.priority: SCHED_FIFO needs a priority from 1 to 99");
	CHECK_STR(parse_err(cfg("\"scheduler\":{\"policy\":\"SCHED_OTHER\",\"priority\":3}", "")),
	          "process.scheduler.priority: must be 0 for SCHED_OTHER (only SCHED_FIFO and SCHED_RR have priorities)");
	CHECK_STR(parse_err(cfg("\"scheduler\":{\"policy\":\"SCHED_OTHER\",\"nice\":20}", "")),
	          "process.scheduler.nice: 20 is out of range (-20 to 19)");
	CHECK_STR(parse_err(cfg("\"scheduler\":{\"policy\":\"SCHED_ISO\"}", "")),
	          "process.scheduler.policy: SCHED_ISO is not implemented by Linux");
	CHECK_STR(parse_err(cfg("\"scheduler\":{\"policy\":\"SCHED_BATCH\",\"runtime\":5}", "")),
	          "process.scheduler: runtime, deadline and period are only for SCHED_DEADLINE");
	CHECK_STR(parse_err(cfg("\"scheduler\":{\"policy\":\"SCHED_DEADLINE\",\"runtime\":2000,\"deadline\":1000}", "")),
	          "process.scheduler.deadline: must be at least the runtime (2000 ns)");
	CHECK_STR(parse_err(cfg("\"scheduler\":{\"policy\":\"SCHED_OTHER\",\"flags\":[\"SCHED_FLAG_X\"]}", "")),
	          "process.scheduler.flags[0]: unknown flag \"SCHED_FLAG_X\"");
	CHECK_CONTAINS(parse_err(cfg("\"scheduler\":{\"policy\":\"SCHED_OTHER\",\"flags\":[\"SCHED_FLAG_UTIL_CLAMP_MIN\"]}", "")),
	               "SCHED_FLAG_UTIL_CLAMP_MIN/MAX are not supported");
	CHECK_STR(parse_err(cfg("\"ioPriority\":{\"class\":\"IOPRIO_CLASS_NONE\"}", "")),
	          "process.ioPriority.class: unknown class \"IOPRIO_CLASS_NONE\" (IOPRIO_CLASS_RT, IOPRIO_CLASS_BE or "
	          "IOPRIO_CLASS_IDLE)");
	CHECK_STR(parse_err(cfg("\"ioPriority\":{\"class\":\"IOPRIO_CLASS_BE\",\"priority\":8}", "")),
	          "process.ioPriority.priority: 8 is out of range (0 to 7)");
	CHECK_STR(parse_err(cfg("\"consoleSize\":{\"height\":70000,\"width\":1}", "")),
	          "process.consoleSize: height and width must be at most 65535");
}

static void test_linux_extras(void)
{
	struct spec_config *c = parse_ok(cfg("", "\"sysctl\":{\"net.ipv4.ip_forward\":\"1\",\"kernel.shmmax\":\"9\","
	                                          "\"net/ipv4/conf/eth0.100/forwarding\":\"0\",\"fs.mqueue.msg_max\":\"5\","
	                                          "\"kernel.domainname\":\"example.org\"},"
	                                          "\"personality\":{\"domain\":\"LINUX32\",\"flags\":[]},"
	                                          "\"mountLabel\":\"\""));
	CHECK(c != NULL);
	if (!c)
		return;
	CHECK(c->linux_.n_sysctl == 5);
	CHECK_STR(c->linux_.sysctl[2].key, "net/ipv4/conf/eth0.100/forwarding");
	/* the namespaces the runtime must check are not the host's when joined */
	CHECK(spec_sysctl_namespaces(c) == (CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS));
	CHECK(c->linux_.personality.present && c->linux_.personality.domain == PER_LINUX32);
	CHECK(c->linux_.mount_label == NULL);
	spec_config_free(c);
}

static void test_linux_extras_errors(void)
{
	CHECK_STR(parse_err(cfg("", "\"sysctl\":{\"vm.swappiness\":\"1\"}")),
	          "linux.sysctl.vm.swappiness: not a namespaced sysctl: writing it would change the host");
	CHECK_STR(parse_err(cfg("", "\"sysctl\":{\"net..x\":\"1\"}")), "linux.sysctl: \"net..x\" is not a sysctl name");
	CHECK_STR(parse_err(cfg("", "\"sysctl\":{\"net/../../x\":\"1\"}")),
	          "linux.sysctl: \"net/../../x\" is not a sysctl name");
	CHECK_STR(parse_err(cfg("", "\"sysctl\":{\"net.ipv4.ip_forward\":1}")),
	          "linux.sysctl.net.ipv4.ip_forward: must be a string");
	CHECK_STR(parse_err("{\"ociVersion\":\"1.3.0\",\"root\":{\"path\":\"r\"},\"linux\":{\"namespaces\":[{\"type\":"
	                    "\"mount\"}],\"sysctl\":{\"kernel.msgmax\":\"1\"}}}"),
	          "linux.sysctl.kernel.msgmax: requires an ipc namespace in linux.namespaces");
	/* runc's rules: kernel.hostname has the "hostname" field, kernel.domainname
	 * needs a UTS namespace */
	CHECK_STR(parse_err(cfg("", "\"sysctl\":{\"kernel.hostname\":\"x\"}")),
	          "linux.sysctl.kernel.hostname: not allowed: it conflicts with the \"hostname\" field (set the "
	          "container's hostname there)");
	CHECK_STR(parse_err(cfg("", "\"sysctl\":{\"kernel/hostname\":\"x\"}")),
	          "linux.sysctl.kernel/hostname: not allowed: it conflicts with the \"hostname\" field (set the "
	          "container's hostname there)");
	CHECK_STR(parse_err("{\"ociVersion\":\"1.3.0\",\"root\":{\"path\":\"r\"},\"linux\":{\"namespaces\":[{\"type\":"
	                    "\"mount\"}],\"sysctl\":{\"kernel.domainname\":\"x\"}}}"),
	          "linux.sysctl.kernel.domainname: requires a uts namespace in linux.namespaces");
	CHECK_STR(parse_err(cfg("", "\"personality\":{\"domain\":\"BSD\"}")),
	          "linux.personality.domain: unknown domain \"BSD\" (LINUX or LINUX32)");
	CHECK_STR(parse_err(cfg("", "\"personality\":{\"domain\":\"LINUX\",\"flags\":[\"X\"]}")),
	          "linux.personality.flags: no flag is defined by the runtime-spec");
}

static void test_seccomp(void)
{
	struct spec_config *c = parse_ok(cfg(
		"", "\"seccomp\":{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"defaultErrnoRet\":38,"
		    "\"architectures\":[\"SCMP_ARCH_X86_64\",\"SCMP_ARCH_X86\",\"SCMP_ARCH_AARCH64\"],"
		    "\"flags\":[\"SECCOMP_FILTER_FLAG_LOG\",\"SECCOMP_FILTER_FLAG_SPEC_ALLOW\"],"
		    "\"syscalls\":[{\"names\":[\"read\",\"write\"],\"action\":\"SCMP_ACT_ALLOW\"},"
		    "{\"names\":[\"mkdir\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":1},"
		    "{\"names\":[\"personality\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":0,\"value\":8,"
		    "\"op\":\"SCMP_CMP_EQ\"},{\"index\":1,\"value\":255,\"valueTwo\":4,\"op\":\"SCMP_CMP_MASKED_EQ\"}]},"
		    "{\"names\":[\"kill\"],\"action\":\"SCMP_ACT_TRACE\"}]}"));
	CHECK(c != NULL && c->linux_.seccomp != NULL);
	if (!c || !c->linux_.seccomp) {
		spec_config_free(c);
		return;
	}
	const struct spec_seccomp *s = c->linux_.seccomp;
	CHECK(s->default_action == SCMP_ACT_ERRNO(38));
	CHECK(s->n_architectures == 3 && s->architectures[0] == SCMP_ARCH_X86_64 && s->architectures[2] == SCMP_ARCH_AARCH64);
	CHECK(s->flags == (SPEC_SECCOMP_FLAG_LOG | SPEC_SECCOMP_FLAG_SPEC_ALLOW));
	CHECK(s->n_rules == 4 && s->rules[0].n_names == 2);
	CHECK(s->rules[1].action == SCMP_ACT_ERRNO(1));
	CHECK(s->rules[2].n_args == 2 && s->rules[2].args[1].op == SCMP_CMP_MASKED_EQ);
	CHECK(s->rules[2].args[1].value == 255 && s->rules[2].args[1].value_two == 4);
	CHECK(s->rules[3].action == SCMP_ACT_TRACE(EPERM));
	CHECK(!s->uses_notify);
	spec_config_free(c);
}

static void test_seccomp_process_state(void)
{
	struct spec_state st = { .oci_version = (char *)"1.3.0", .id = (char *)"c1", .status = (char *)"creating",
		                 .pid = 42, .bundle = (char *)"/b", .rootfs = (char *)"/b/r", .created = (char *)"t",
		                 .owner = (char *)"" };
	char *json = spec_seccomp_process_state_json(&st, st.pid, "a\"b");

	CHECK_STR(json, "{\"ociVersion\":\"" SPEC_OCI_VERSION "\",\"fds\":[\"seccompFd\"],\"pid\":42,"
	                "\"metadata\":\"a\\\"b\",\"state\":{\n  \"ociVersion\": \"1.3.0\",\n  \"id\": \"c1\",\n"
	                "  \"pid\": 42,\n  \"status\": \"creating\",\n  \"bundle\": \"/b\",\n  \"rootfs\": \"/b/r\",\n"
	                "  \"created\": \"t\",\n  \"owner\": \"\"\n}\n}");
	free(json);
}

static void test_seccomp_errors(void)
{
	CHECK_STR(parse_err(cfg("", "\"seccomp\":{}")), "linux.seccomp.defaultAction: required, must be a string");
	CHECK_STR(parse_err(cfg("", "\"seccomp\":{\"defaultAction\":\"SCMP_ACT_NOPE\"}")),
	          "linux.seccomp.defaultAction: unknown action \"SCMP_ACT_NOPE\"");
	CHECK_STR(parse_err(cfg("", "\"seccomp\":{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"defaultErrnoRet\":1}")),
	          "linux.seccomp.defaultErrnoRet: only SCMP_ACT_ERRNO and SCMP_ACT_TRACE take an errno, not SCMP_ACT_ALLOW");
	CHECK_STR(parse_err(cfg("", "\"seccomp\":{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"architectures\":[\"SCMP_ARCH_Z80\"]}")),
	          "linux.seccomp.architectures[0]: unknown architecture \"SCMP_ARCH_Z80\" (not known to libseccomp 2.5)");
	CHECK_STR(parse_err(cfg("", "\"seccomp\":{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"flags\":[\"X\"]}")),
	          "linux.seccomp.flags[0]: unknown flag \"X\"");
	CHECK_STR(parse_err(cfg("", "\"seccomp\":{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[],"
	                            "\"action\":\"SCMP_ACT_KILL\"}]}")),
	          "linux.seccomp.syscalls[0].names: required, must be a non-empty array of strings");
	CHECK_STR(parse_err(cfg("", "\"seccomp\":{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"x\"],"
	                            "\"action\":\"SCMP_ACT_KILL\",\"args\":[{\"index\":6,\"value\":1,\"op\":\"SCMP_CMP_EQ\"}]}]}")),
	          "linux.seccomp.syscalls[0].args[0].index: 6 is out of range (0 to 5)");
	CHECK_STR(parse_err(cfg("", "\"seccomp\":{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"x\"],"
	                            "\"action\":\"SCMP_ACT_KILL\",\"args\":[{\"index\":0,\"value\":1,\"op\":\"EQ\"}]}]}")),
	          "linux.seccomp.syscalls[0].args[0].op: unknown operator \"EQ\"");
	CHECK_STR(parse_err(cfg("", "\"seccomp\":{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"x\"],"
	                            "\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":70000}]}")),
	          "linux.seccomp.syscalls[0].errnoRet: 70000 is out of range (0 to 65535)");
	CHECK_STR(parse_err(cfg("", "\"seccomp\":{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"x\"],"
	                            "\"action\":\"SCMP_ACT_NOTIFY\"}]}")),
	          "linux.seccomp.listenerPath: required when an action is SCMP_ACT_NOTIFY");
	CHECK_STR(parse_err(cfg("", "\"seccomp\":{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"listenerPath\":\"/x\","
	                            "\"syscalls\":[{\"names\":[\"getcwd\",\"write\"],\"action\":\"SCMP_ACT_NOTIFY\"}]}")),
	          "linux.seccomp.syscalls[0].names[1]: SCMP_ACT_NOTIFY cannot be used for the write syscall "
	          "(the runtime needs it after the filter is loaded)");
	{
		/* a listenerPath with nothing to notify is ignored, as runc does */
		struct spec_config *c =
		        parse_ok(cfg("", "\"seccomp\":{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"listenerPath\":\"/x\"}"));
		CHECK(c != NULL);
		if (c) {
			CHECK(c->linux_.seccomp->listener_path == NULL);
			CHECK(!c->linux_.seccomp->uses_notify);
		}
		spec_config_free(c);
	}
}

static void test_lsm_labels(void)
{
	struct spec_config *c = parse_ok(cfg("\"apparmorProfile\":\"docker-default\",\"selinuxLabel\":\"\"",
	                                     "\"mountLabel\":\"system_u:object_r:container_file_t:s0\""));
	CHECK(c != NULL);
	if (!c)
		return;
	CHECK_STR(c->process.apparmor_profile, "docker-default");
	CHECK(c->process.selinux_label == NULL); /* "" is "none" */
	CHECK_STR(c->linux_.mount_label, "system_u:object_r:container_file_t:s0");
	spec_config_free(c);
	CHECK_STR(parse_err(cfg("\"apparmorProfile\":5", "")), "process.apparmorProfile: must be a string");
}

static void test_hooks(void)
{
	struct spec_config *c = parse_ok(
		"{\"ociVersion\":\"1.3.0\",\"root\":{\"path\":\"r\"},\"hooks\":{"
		"\"prestart\":[{\"path\":\"/a\"},{\"path\":\"/b\",\"args\":[\"b\",\"x y\"],\"env\":[\"K=V\"],"
		"\"timeout\":5}],\"poststop\":[{\"path\":\"/c\"}],\"startContainer\":null,\"createRuntime\":[]}}");
	CHECK(c != NULL);
	if (!c)
		return;
	CHECK(spec_has_hooks(&c->hooks));
	CHECK(c->hooks.n[SPEC_HOOK_PRESTART] == 2 && c->hooks.n[SPEC_HOOK_POSTSTOP] == 1);
	CHECK(c->hooks.n[SPEC_HOOK_START_CONTAINER] == 0 && c->hooks.n[SPEC_HOOK_CREATE_RUNTIME] == 0);
	CHECK_STR(c->hooks.list[SPEC_HOOK_PRESTART][1].path, "/b");
	CHECK(c->hooks.list[SPEC_HOOK_PRESTART][0].args == NULL && c->hooks.list[SPEC_HOOK_PRESTART][0].timeout == 0);
	CHECK(c->hooks.list[SPEC_HOOK_PRESTART][1].n_args == 2 && c->hooks.list[SPEC_HOOK_PRESTART][1].timeout == 5);
	CHECK_STR(c->hooks.list[SPEC_HOOK_PRESTART][1].env[0], "K=V");
	CHECK_STR(spec_hook_phase_name(SPEC_HOOK_CREATE_CONTAINER), "createContainer");
	spec_config_free(c);
}

static void test_hooks_errors(void)
{
	static const char *const cases[][2] = {
		{ "[]", "hooks: must be an object" },
		{ "{\"poststop\":{}}", "hooks.poststop: must be an array" },
		{ "{\"prestart\":[{}]}", "hooks.prestart[0].path: required" },
		{ "{\"prestart\":[{\"path\":\"x\"}]}", "hooks.prestart[0].path: must be an absolute path" },
		{ "{\"poststart\":[{\"path\":\"/x\",\"timeout\":-1}]}",
		  "hooks.poststart[0].timeout: must be a number of seconds greater than zero" },
		{ "{\"poststart\":[{\"path\":\"/x\",\"env\":[\"NOEQUALS\"]}]}",
		  "hooks.poststart[0].env[0]: must be NAME=VALUE, got \"NOEQUALS\"" },
		{ "{\"createContainer\":[{\"path\":\"/x\",\"args\":[1]}]}", "hooks.createContainer[0].args[0]: must be a string" },
	};
	char json[512];

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		snprintf(json, sizeof json, "{\"ociVersion\":\"1.3.0\",\"root\":{\"path\":\"r\"},\"hooks\":%s}", cases[i][0]);
		CHECK_STR(parse_err(json), cases[i][1]);
	}
}

int main(void)
{
	RUN(test_process_extras);
	RUN(test_process_extras_errors);
	RUN(test_linux_extras);
	RUN(test_linux_extras_errors);
	RUN(test_seccomp);
	RUN(test_seccomp_errors);
	RUN(test_seccomp_process_state);
	RUN(test_lsm_labels);
	RUN(test_hooks);
	RUN(test_hooks_errors);
	return unit_done();
}
