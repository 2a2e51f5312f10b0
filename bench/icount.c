/* bench/icount.c — count the user-space instructions a command and every process
 * it starts execute, each up to the moment it execs the workload, by single-stepping
 * them all with ptrace. It is what callgrind cannot do here: follow pidbox's init
 * across its self re-execution (valgrind does not keep the argv[0] pidbox's init
 * recognises itself by) and crun across its re-execution from a memfd.
 *
 *   icount WORKLOAD_COMM CMD [ARG...]
 *
 * Every process and thread of CMD's tree is followed (fork, vfork, clone, exec)
 * from CMD's own exec; one that execs a program whose name (comm) is WORKLOAD_COMM
 * (e.g. "true") stops being counted there and runs on untraced. A single step
 * traps after each user instruction (each iteration of a rep-prefixed one), so
 * the count matches callgrind's "Ir" closely; the kernel's work is not counted.
 * Slow (a few µs per instruction): for counts, never for timing.
 *
 * Prints one line per process (pid, its name when it stopped being counted or
 * exited, instructions, "workload" when it reached the workload's exec) and the
 * total; exits with CMD's status. Needs root or ptrace rights over CMD. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_TASKS 4096

struct task {
	pid_t pid;
	unsigned long long count;
	char comm[17];
	int reached_workload;
};

static struct task tasks[MAX_TASKS];
static size_t ntasks;

static struct task *task_of(pid_t pid)
{
	for (size_t i = 0; i < ntasks; i++)
		if (tasks[i].pid == pid)
			return &tasks[i];
	if (ntasks == MAX_TASKS) {
		fprintf(stderr, "icount: more than %d tasks\n", MAX_TASKS);
		exit(1);
	}
	tasks[ntasks].pid = pid;
	return &tasks[ntasks++];
}

static void read_comm(struct task *t)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/comm", t->pid);
	FILE *f = fopen(path, "re");
	if (!f)
		return;
	if (fgets(t->comm, sizeof t->comm, f))
		t->comm[strcspn(t->comm, "\n")] = '\0';
	fclose(f);
}

static void step(pid_t pid, int sig)
{
	/* ESRCH: the task was killed meanwhile; its exit is reported next */
	if (ptrace(PTRACE_SINGLESTEP, pid, 0, (void *)(long)sig) < 0 && errno != ESRCH) {
		perror("icount: PTRACE_SINGLESTEP");
		exit(1);
	}
}

/* A ptrace event stop: a new task (it starts stepping at its own first stop), an
 * exit (its name is read there), or an exec: the workload's is where this task's
 * count ends. */
static void on_event(pid_t pid, int event, const char *workload)
{
	struct task *t = task_of(pid);
	if (event == PTRACE_EVENT_EXIT) { /* its last user instruction is behind it */
		read_comm(t);
		ptrace(PTRACE_CONT, pid, 0, 0);
		return;
	}
	if (event == PTRACE_EVENT_EXEC) {
		read_comm(t);
		if (!strcmp(t->comm, workload)) {
			t->reached_workload = 1;
			ptrace(PTRACE_DETACH, pid, 0, 0);
			return;
		}
	}
	step(pid, 0);
}

static int trace(pid_t root, const char *workload)
{
	int status, root_status = 1;
	pid_t pid;

	while ((pid = waitpid(-1, &status, __WALL)) > 0) {
		if (WIFEXITED(status) || WIFSIGNALED(status)) {
			if (pid == root)
				root_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
			continue;
		}
		int sig = WSTOPSIG(status), event = status >> 16;
		if (event) {
			on_event(pid, event, workload);
		} else if (sig == SIGTRAP) {
			task_of(pid)->count++;
			step(pid, 0);
		} else if (sig == SIGSTOP && task_of(pid)->count == 0) {
			step(pid, 0); /* a new task's first stop */
		} else {
			step(pid, sig); /* a real signal: deliver it (its handler is stepped too) */
		}
	}
	return root_status;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: icount WORKLOAD_COMM CMD [ARG...]\n");
		return 2;
	}
	pid_t root = fork();
	if (root < 0) {
		perror("icount: fork");
		return 1;
	}
	if (root == 0) {
		ptrace(PTRACE_TRACEME, 0, 0, 0);
		kill(getpid(), SIGSTOP); /* until the tracer is ready */
		execvp(argv[2], argv + 2);
		fprintf(stderr, "icount: exec %s: %s\n", argv[2], strerror(errno));
		_exit(127);
	}
	int status;
	if (waitpid(root, &status, 0) < 0 || !WIFSTOPPED(status)) {
		fprintf(stderr, "icount: the command did not stop for tracing\n");
		return 1;
	}
	/* EXITKILL: should icount die, nothing traced runs on half-stepped */
	if (ptrace(PTRACE_SETOPTIONS, root, 0,
		   PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE | PTRACE_O_TRACEEXEC |
			   PTRACE_O_TRACEEXIT | PTRACE_O_EXITKILL) < 0) {
		perror("icount: PTRACE_SETOPTIONS");
		return 1;
	}
	/* up to its exec the command is icount's own code: not counted */
	ptrace(PTRACE_CONT, root, 0, 0);
	if (waitpid(root, &status, 0) < 0 || status >> 8 != (SIGTRAP | PTRACE_EVENT_EXEC << 8)) {
		fprintf(stderr, "icount: %s did not start\n", argv[2]);
		return 1;
	}
	task_of(root);
	on_event(root, PTRACE_EVENT_EXEC, argv[1]);
	int rc = trace(root, argv[1]);

	unsigned long long total = 0;
	for (size_t i = 0; i < ntasks; i++) {
		if (!tasks[i].comm[0])
			snprintf(tasks[i].comm, sizeof tasks[i].comm, "?");
		printf("icount: pid %d %-16s %10llu%s\n", tasks[i].pid, tasks[i].comm, tasks[i].count,
		       tasks[i].reached_workload ? "  (until the workload's exec)" : "");
		total += tasks[i].count;
	}
	printf("icount: total %llu\n", total);
	return rc;
}
