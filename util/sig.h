/* util/sig.h — signal state handed to a process we are about to exec, and how a
 * child's end becomes an exit code. */
#ifndef PX_UTIL_SIG_H
#define PX_UTIL_SIG_H

#include <signal.h>
#include <stdbool.h>

/* Every disposition back to its default, glibc's internal 32 and 33 included
 * (signal() refuses those, yet a caller that ignored them would hand that on
 * through execve); with clear_mask, every signal unblocked too. Raw system
 * calls: safe in a forked child. */
void px_reset_signals(bool clear_mask);

/* The shells' convention: the exit status, or 128 + the signal that ended it. */
int px_exit_code_of(const siginfo_t *si);        /* from waitid() */
int px_exit_code_of_status(int status);          /* from waitpid() */

#endif
