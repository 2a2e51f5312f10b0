/* spec/config_free.c — freeing a struct spec_config and the read-only queries
 * other rooms use on it. */
#include <stdlib.h>
#include <string.h>

#include "spec/config.h"
#include "spec/parse.h"
#include "spec/resources.h"
#include "util/cleanup.h"

static void free_process(struct spec_process *p)
{
	free(p->additional_gids);
	px_strv_free(p->args);
	px_strv_free(p->env);
	free(p->cwd);
	free(p->rlimits);
	free(p->apparmor_profile);
	free(p->selinux_label);
}

void spec_seccomp_free(struct spec_seccomp *s)
{
	if (!s)
		return;
	free(s->architectures);
	free(s->listener_path);
	free(s->listener_metadata);
	for (size_t i = 0; i < s->n_rules; i++) {
		px_strv_free(s->rules[i].names);
		free(s->rules[i].args);
	}
	free(s->rules);
	free(s);
}

static void free_hook(struct spec_hook *h)
{
	free(h->path);
	px_strv_free(h->args);
	px_strv_free(h->env);
}

static void free_linux(struct spec_linux *l)
{
	for (size_t i = 0; i < l->n_namespaces; i++)
		free(l->namespaces[i].path);
	free(l->namespaces);
	free(l->uid_mappings);
	free(l->gid_mappings);
	for (size_t i = 0; i < l->n_devices; i++)
		free(l->devices[i].path);
	free(l->devices);
	free(l->cgroups_path);
	px_strv_free(l->masked_paths);
	px_strv_free(l->readonly_paths);
	for (size_t i = 0; i < l->n_sysctl; i++) {
		free(l->sysctl[i].key);
		free(l->sysctl[i].value);
	}
	free(l->sysctl);
	spec_seccomp_free(l->seccomp);
	for (size_t i = 0; i < l->n_net_devices; i++) {
		free(l->net_devices[i].host_name);
		free(l->net_devices[i].name);
	}
	free(l->net_devices);
	free(l->mount_label);
	if (l->resources)
		spec_resources_free(l->resources);
	free(l->resources);
}

void spec_annotations_free(struct spec_annotation *a, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(a[i].key);
		free(a[i].value);
	}
	free(a);
}

void spec_config_free(struct spec_config *c)
{
	if (!c)
		return;
	free(c->oci_version);
	free(c->root_path);
	free(c->hostname);
	free(c->domainname);
	free_process(&c->process);
	for (size_t i = 0; i < c->n_mounts; i++) {
		free(c->mounts[i].destination);
		free(c->mounts[i].source);
		free(c->mounts[i].type);
		px_strv_free(c->mounts[i].options);
		free(c->mounts[i].uid_mappings);
		free(c->mounts[i].gid_mappings);
	}
	free(c->mounts);
	free_linux(&c->linux_);
	spec_annotations_free(c->annotations, c->n_annotations);
	for (int ph = 0; ph < SPEC_HOOK_PHASES; ph++) {
		for (size_t i = 0; i < c->hooks.n[ph]; i++)
			free_hook(&c->hooks.list[ph][i]);
		free(c->hooks.list[ph]);
	}
	free(c);
}

const struct spec_namespace *spec_find_namespace(const struct spec_config *c, unsigned long clone_flag)
{
	for (size_t i = 0; i < c->linux_.n_namespaces; i++)
		if (c->linux_.namespaces[i].type == clone_flag)
			return &c->linux_.namespaces[i];
	return NULL;
}

bool spec_has_namespace(const struct spec_config *c, unsigned long clone_flag)
{
	return spec_find_namespace(c, clone_flag) != NULL;
}

const char *spec_annotation(const struct spec_config *c, const char *key)
{
	/* keys are unique: spec_json_parse() refuses duplicate keys */
	for (size_t i = 0; i < c->n_annotations; i++)
		if (!strcmp(c->annotations[i].key, key))
			return c->annotations[i].value;
	return NULL;
}
