/* cgroup/devices_bpf.c — device rules on cgroup v2: v2 has no devices.allow file; the
 * kernel asks a BPF_PROG_TYPE_CGROUP_DEVICE program attached to the cgroup instead
 * (Documentation/admin-guide/cgroup-v2.rst, "Device controller"). We build that
 * program by hand from the rules (no libbpf, no compiler at run time), load it with
 * bpf(BPF_PROG_LOAD) and attach it with BPF_PROG_ATTACH.
 *
 * Semantics are v1's, which is what the rules were written for: a new cgroup allows
 * everything; a rule for every device ("a *:* rwm") resets the list and sets the
 * default; the later rules are exceptions, and among them the last that matches a
 * request decides. An allow rule matches when it covers all the requested access
 * bits, a deny rule when it covers any of them.
 *
 * The program, with r2 = access bits, r3 = device type, r4 = major, r5 = minor:
 *     for each exception, last first:
 *         if r3 != type  goto next        (omitted for type 'a')
 *         r1 = r2 & ~access; if r1 != 0 goto next   (allow; deny: r2 & access == 0)
 *         if r4 != major goto next        (omitted for a wildcard)
 *         if r5 != minor goto next
 *         r0 = allow; exit
 *     next: ...
 *     r0 = default; exit
 */
#include "cgroup/apply.h"

#include <errno.h>
#include <linux/bpf.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util/cleanup.h"
#include "util/fs.h"

#define INSN(c, d, s, o, i) ((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) })
#define LDX_W(d, s, o) INSN(BPF_LDX | BPF_MEM | BPF_W, d, s, o, 0)
#define MOV_REG(d, s) INSN(BPF_ALU64 | BPF_MOV | BPF_X, d, s, 0, 0)
#define MOV_IMM(d, i) INSN(BPF_ALU64 | BPF_MOV | BPF_K, d, 0, 0, i)
#define AND_IMM(d, i) INSN(BPF_ALU | BPF_AND | BPF_K, d, 0, 0, i)
#define RSH_IMM(d, i) INSN(BPF_ALU | BPF_RSH | BPF_K, d, 0, 0, i)
#define JNE_IMM(d, i, o) INSN(BPF_JMP32 | BPF_JNE | BPF_K, d, 0, o, i)
#define JEQ_IMM(d, i, o) INSN(BPF_JMP32 | BPF_JEQ | BPF_K, d, 0, o, i)
#define EXIT() INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

static int access_bits(const char *a)
{
	return (strchr(a, 'm') ? BPF_DEVCG_ACC_MKNOD : 0) | (strchr(a, 'r') ? BPF_DEVCG_ACC_READ : 0) |
	       (strchr(a, 'w') ? BPF_DEVCG_ACC_WRITE : 0);
}

static bool resets(const struct spec_dev_rule *r)
{
	return r->type == 'a' && r->major == SPEC_DEV_WILDCARD && r->minor == SPEC_DEV_WILDCARD &&
	       !strcmp(r->access, "rwm");
}

/* One exception: its checks jump past the block ("next") when they fail. */
static size_t emit_rule(struct bpf_insn *p, const struct spec_dev_rule *r)
{
	int acc = access_bits(r->access), all = BPF_DEVCG_ACC_MKNOD | BPF_DEVCG_ACC_READ | BPF_DEVCG_ACC_WRITE;
	bool t = r->type != 'a', a = acc != all, ma = r->major != SPEC_DEV_WILDCARD,
	     mi = r->minor != SPEC_DEV_WILDCARD;
	/* instructions left in the block after each check, for the jump offsets */
	int left = (t ? 1 : 0) + (a ? 3 : 0) + (ma ? 1 : 0) + (mi ? 1 : 0) + 2;
	size_t n = 0;

	if (t)
		p[n++] = JNE_IMM(3, r->type == 'b' ? BPF_DEVCG_DEV_BLOCK : BPF_DEVCG_DEV_CHAR, --left);
	if (a) {
		p[n++] = MOV_REG(1, 2);
		left--;
		p[n++] = AND_IMM(1, r->allow ? ~acc & all : acc);
		left--;
		p[n++] = r->allow ? JNE_IMM(1, 0, --left) : JEQ_IMM(1, 0, --left);
	}
	if (ma)
		p[n++] = JNE_IMM(4, (int32_t)(uint32_t)r->major, --left);
	if (mi)
		p[n++] = JNE_IMM(5, (int32_t)(uint32_t)r->minor, --left);
	p[n++] = MOV_IMM(0, r->allow ? 1 : 0);
	p[n++] = EXIT();
	return n;
}

/* The program for rules; *len instructions, malloc'd. */
static struct bpf_insn *build(const struct cg_dev_rules *dev, size_t *len)
{
	size_t start = 0, n = 0;
	bool dflt = true;
	struct bpf_insn *p;

	for (size_t i = 0; i < dev->n; i++)
		if (resets(&dev->rules[i])) {
			start = i + 1;
			dflt = dev->rules[i].allow;
		}
	p = px_xcalloc(7 + 9 * (dev->n - start) + 2, sizeof *p);
	p[n++] = LDX_W(2, 1, offsetof(struct bpf_cgroup_dev_ctx, access_type));
	p[n++] = MOV_REG(3, 2);
	p[n++] = AND_IMM(3, 0xffff);
	p[n++] = RSH_IMM(2, 16);
	p[n++] = LDX_W(4, 1, offsetof(struct bpf_cgroup_dev_ctx, major));
	p[n++] = LDX_W(5, 1, offsetof(struct bpf_cgroup_dev_ctx, minor));
	for (size_t i = dev->n; i-- > start;)
		n += emit_rule(p + n, &dev->rules[i]);
	p[n++] = MOV_IMM(0, dflt ? 1 : 0);
	p[n++] = EXIT();
	*len = n;
	return p;
}

static int sys_bpf(int cmd, union bpf_attr *attr)
{
	return (int)syscall(SYS_bpf, cmd, attr, sizeof *attr);
}

static int load(const struct bpf_insn *prog, size_t len, char *log, uint32_t log_size)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof attr);
	attr.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
	attr.insns = (uint64_t)(uintptr_t)prog;
	attr.insn_cnt = (uint32_t)len;
	attr.license = (uint64_t)(uintptr_t)"GPL";
	attr.log_buf = (uint64_t)(uintptr_t)log;
	attr.log_size = log_size;
	attr.log_level = log ? 1 : 0;
	return sys_bpf(BPF_PROG_LOAD, &attr);
}

int cg_devices_bpf(int dirfd, const struct cg_dev_rules *dev, struct px_error *err)
{
	size_t len;
	_cleanup_free_ struct bpf_insn *prog = build(dev, &len);
	_cleanup_close_ int fd = -1;
	union bpf_attr attr;

	if (dirfd < 0)
		return px_err(err, EBADF, "no cgroup directory to attach the device program to");
	/* without a log first: a verbose log that overflows its buffer fails the load */
	fd = load(prog, len, NULL, 0);
	if (fd < 0) {
		int e = errno;
		_cleanup_free_ char *log = px_xcalloc(1, 65536);
		load(prog, len, log, 65536);
		/* the verifier's last line says why */
		for (size_t n = strlen(log); n && log[n - 1] == '\n'; n--)
			log[n - 1] = '\0';
		return px_err(err, e, "load the eBPF device program (%zu instructions)%s%s", len, *log ? ": " : "",
		              strrchr(log, '\n') ? strrchr(log, '\n') + 1 : log);
	}
	memset(&attr, 0, sizeof attr);
	attr.target_fd = (uint32_t)dirfd;
	attr.attach_bpf_fd = (uint32_t)fd;
	attr.attach_type = BPF_CGROUP_DEVICE;
	/* MULTI: programs of the parents (a systemd slice's) keep running too */
	attr.attach_flags = BPF_F_ALLOW_MULTI;
	if (sys_bpf(BPF_PROG_ATTACH, &attr) < 0)
		return px_err(err, errno, "attach the eBPF device program to the cgroup");
	return 0;
}
