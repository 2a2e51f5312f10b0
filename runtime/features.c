/* runtime/features.c — see runtime/features.h. */
#include "runtime/features.h"

#include <seccomp.h>
#include <stdio.h>
#include <string.h>

#include "ns/rootfs.h"
#include "spec/features.h"
#include "util/fs.h"

/* features.md's vocabulary of mount options (sorted), plus the idmapped-mount
 * ones of config.md. Listed are only those ns_parse_mount_options() implements
 * itself: an option it refuses, or would pass to the filesystem as data, is not
 * one pidbox recognizes. */
static const char *const mount_option_names[] = {
	"acl", "async", "atime", "bind", "defaults", "dev", "diratime", "dirsync", "exec", "idmap", "iversion",
	"lazytime", "loud", "mand", "noacl", "noatime", "nodev", "nodiratime", "noexec", "noiversion",
	"nolazytime", "nomand", "norelatime", "nostrictatime", "nosuid", "nosymfollow", "private", "ratime",
	"rbind", "rdev", "rdiratime", "relatime", "remount", "rexec", "ridmap", "rnoatime", "rnodev",
	"rnodiratime", "rnoexec", "rnorelatime", "rnostrictatime", "rnosuid", "rnosymfollow", "ro", "rprivate",
	"rrelatime", "rro", "rrw", "rshared", "rslave", "rstrictatime", "rsuid", "rsymfollow", "runbindable",
	"rw", "shared", "silent", "slave", "strictatime", "suid", "symfollow", "sync", "tmpcopyup", "unbindable",
};
#define N_MOUNT_OPTIONS (sizeof mount_option_names / sizeof mount_option_names[0])

static bool mount_option_implemented(const char *name)
{
	struct ns_mount_flags f;
	struct px_error err;
	char *opts[] = { (char *)name };
	bool ok;

	if (ns_parse_mount_options(opts, 1, &f, &err) < 0)
		return false;
	ok = f.data == NULL;
	ns_mount_flags_free(&f);
	return ok;
}

/* The filter flags this kernel takes, by libseccomp's API level (it probes the
 * kernel once): 2 TSYNC, 3 LOG, 4 SPEC_ALLOW (seccomp_api_get(3)). */
static void seccomp_kernel_flags(const char **out)
{
	unsigned int level = seccomp_api_get();
	size_t n = 0;

	if (level >= 2)
		out[n++] = "SECCOMP_FILTER_FLAG_TSYNC";
	if (level >= 3)
		out[n++] = "SECCOMP_FILTER_FLAG_LOG";
	if (level >= 4)
		out[n++] = "SECCOMP_FILTER_FLAG_SPEC_ALLOW";
	out[n] = NULL;
}

char *rt_features_json(const char *const *annotations)
{
	const char *kernel_flags[4];
	const char *opts[N_MOUNT_OPTIONS + 1];
	const char *ann[32];
	size_t n = 0, a = 0;
	char libseccomp[32];
	const struct scmp_version *v = seccomp_version();
	struct spec_features_in in = { .mount_options = opts, .annotations = ann };

	for (size_t i = 0; i < N_MOUNT_OPTIONS; i++)
		if (mount_option_implemented(mount_option_names[i]))
			opts[n++] = mount_option_names[i];
	opts[n] = NULL;
	in.idmap_mounts = mount_option_implemented("idmap");
	seccomp_kernel_flags(kernel_flags);
	in.seccomp_kernel_flags = kernel_flags;
	for (; annotations && annotations[0] && annotations[1] && a < 28; annotations += 2) {
		ann[a++] = annotations[0];
		ann[a++] = annotations[1];
	}
	/* runc reports the libseccomp it links, under this key */
	if (v) {
		snprintf(libseccomp, sizeof libseccomp, "%u.%u.%u", v->major, v->minor, v->micro);
		ann[a++] = "io.github.seccomp.libseccomp.version";
		ann[a++] = libseccomp;
	}
	ann[a] = NULL;
	return spec_features_json(&in);
}
