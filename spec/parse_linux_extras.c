/* spec/parse_linux_extras.c — linux.sysctl, linux.personality and
 * linux.mountLabel, and the rule that a sysctl must belong to a namespace the
 * container has of its own (otherwise writing it changes the host). */
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>

#include "spec/json_walk.h"
#include "spec/names.h"
#include "spec/parse.h"
#include "util/fs.h"

/* Dots separate components; a '/' form (for names with a dot, like a VLAN
 * interface "eth0.100") is taken as is. Components must be plain names: the
 * key becomes a path under /proc/sys. */
static bool sysctl_key_ok(const char *k)
{
	char sep = strchr(k, '/') ? '/' : '.';
	size_t comp = 0;

	if (!*k)
		return false;
	for (const char *p = k;; p++) {
		if (*p == sep || !*p) {
			if (comp == 0 || (comp == 1 && p[-1] == '.') || (comp == 2 && p[-1] == '.' && p[-2] == '.'))
				return false;
			if (!*p)
				return true;
			comp = 0;
			continue;
		}
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      *p == '_' || *p == '-' || *p == '.'))
			return false;
		comp++;
	}
}

static int parse_sysctl(yajl_val v, struct spec_linux *l, struct px_error *err)
{
	char path[SPEC_PATH_MAX], q[SPEC_QUOTE_MAX];

	if (!v)
		return 0;
	if (spec_json_need_object(v, "linux.sysctl", err) < 0)
		return -1;
	l->sysctl = px_xcalloc(v->u.object.len, sizeof *l->sysctl);
	for (size_t i = 0; i < v->u.object.len; i++) {
		const char *k = v->u.object.keys[i];
		yajl_val s = v->u.object.values[i];
		spec_path_key(path, "linux.sysctl", k);
		if (!sysctl_key_ok(k))
			return px_err(err, 0, "linux.sysctl: %s is not a sysctl name", spec_quote(q, k));
		if (!YAJL_IS_STRING(s))
			return px_err(err, 0, "%s: must be a string", path);
		l->sysctl[i].key = px_xstrdup(k);
		l->sysctl[i].value = px_xstrdup(s->u.string);
		l->n_sysctl++;
	}
	return 0;
}

static int parse_personality(yajl_val v, struct spec_personality *p, struct px_error *err)
{
	yajl_val domain, flags;
	char q[SPEC_QUOTE_MAX];

	if (!v)
		return 0;
	if (spec_json_need_object(v, "linux.personality", err) < 0)
		return -1;
	domain = spec_json_field(v, "domain");
	if (!domain || !YAJL_IS_STRING(domain))
		return px_err(err, 0, "linux.personality.domain: required, must be a string");
	if (!strcmp(domain->u.string, "LINUX"))
		p->domain = PER_LINUX;
	else if (!strcmp(domain->u.string, "LINUX32"))
		p->domain = PER_LINUX32;
	else
		return px_err(err, 0, "linux.personality.domain: unknown domain %s (LINUX or LINUX32)",
		              spec_quote(q, domain->u.string));
	/* config-linux.md defines no flag yet: any one is a config for a newer spec. */
	flags = spec_json_field(v, "flags");
	if (flags && !YAJL_IS_ARRAY(flags))
		return px_err(err, 0, "linux.personality.flags: must be an array of strings");
	if (flags && flags->u.array.len)
		return px_err(err, 0, "linux.personality.flags: no flag is defined by the runtime-spec");
	p->present = true;
	return 0;
}

int spec_parse_linux_extras(yajl_val v, struct spec_linux *l, struct px_error *err)
{
	yajl_val x;

	if (parse_sysctl(spec_json_field(v, "sysctl"), l, err) < 0 ||
	    parse_personality(spec_json_field(v, "personality"), &l->personality, err) < 0 ||
	    spec_parse_seccomp(spec_json_field(v, "seccomp"), &l->seccomp, err) < 0 ||
	    spec_parse_memory_policy(spec_json_field(v, "memoryPolicy"), &l->memory_policy, err) < 0 ||
	    spec_parse_net_devices(spec_json_field(v, "netDevices"), l, err) < 0)
		return -1;
	if ((x = spec_json_field(v, "mountLabel")) && spec_json_string(x, "linux.mountLabel", &l->mount_label, err) < 0)
		return -1;
	if (l->mount_label && !l->mount_label[0]) {
		free(l->mount_label);
		l->mount_label = NULL;
	}
	return 0;
}

/* key, dotted or with '/' separators, names the dotted sysctl want */
static bool sysctl_is(const char *key, const char *want)
{
	size_t n = strlen(want);

	if (strlen(key) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (key[i] != want[i] && !(key[i] == '/' && want[i] == '.'))
			return false;
	return true;
}

/* Which namespace a sysctl belongs to (the kernel's list, as runc has it), 0 for
 * one that is global to the host. */
static unsigned long sysctl_namespace(const char *key)
{
	static const char *const ipc[] = {
		"kernel.msgmax", "kernel.msgmnb", "kernel.msgmni",        "kernel.sem",
		"kernel.shmall", "kernel.shmmax", "kernel.shmmni",        "kernel.shm_rmid_forced",
	};
	char dotted[SPEC_PATH_MAX];
	size_t n = strlen(key);

	/* compare in the dotted form */
	if (n >= sizeof dotted)
		return 0;
	memcpy(dotted, key, n + 1);
	if (strchr(dotted, '/'))
		for (char *p = dotted; *p; p++)
			if (*p == '/')
				*p = '.';
	for (size_t i = 0; i < sizeof ipc / sizeof ipc[0]; i++)
		if (!strcmp(dotted, ipc[i]))
			return CLONE_NEWIPC;
	if (!strncmp(dotted, "fs.mqueue.", 10))
		return CLONE_NEWIPC;
	if (!strncmp(dotted, "net.", 4))
		return CLONE_NEWNET;
	if (!strcmp(dotted, "kernel.hostname") || !strcmp(dotted, "kernel.domainname"))
		return CLONE_NEWUTS;
	return 0;
}

unsigned long spec_sysctl_namespaces(const struct spec_config *c)
{
	unsigned long types = 0;

	for (size_t i = 0; i < c->linux_.n_sysctl; i++)
		types |= sysctl_namespace(c->linux_.sysctl[i].key);
	return types;
}

int spec_check_sysctl(const struct spec_config *c, struct px_error *err)
{
	char path[SPEC_PATH_MAX];

	for (size_t i = 0; i < c->linux_.n_sysctl; i++) {
		const char *k = c->linux_.sysctl[i].key;
		unsigned long ns = sysctl_namespace(k);
		spec_path_key(path, "linux.sysctl", k);
		/* runc's rule: the UTS namespace's hostname has its own field, and two
		 * ways to set it would leave the winner to the order of the steps. */
		if (ns == CLONE_NEWUTS && sysctl_is(k, "kernel.hostname"))
			return px_err(err, 0, "%s: not allowed: it conflicts with the \"hostname\" field "
			                      "(set the container's hostname there)", path);
		if (!ns)
			return px_err(err, 0, "%s: not a namespaced sysctl: writing it would change the host", path);
		if (!spec_has_namespace(c, ns))
			return px_err(err, 0, "%s: requires a%s %s namespace in linux.namespaces", path,
			              ns == CLONE_NEWIPC ? "n" : "", spec_namespace_name(ns));
	}
	return 0;
}
