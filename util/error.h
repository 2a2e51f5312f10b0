/* util/error.h — the one error contract of pidbox.
 *
 * A fallible function takes `struct px_error *err` as its last argument, fills it
 * with px_err() and returns -1 (or NULL). Each caller that knows more context
 * prefixes it with px_err_prefix() and returns -1 again. cmd/ prints it once:
 *   pidbox: <command> <id>: <context>: <reason>
 * `code` is the errno of the root cause (0 when the cause is not a syscall, e.g. a
 * bad config value); it travels unchanged so callers can branch on it.
 */
#ifndef PX_UTIL_ERROR_H
#define PX_UTIL_ERROR_H

#include <stddef.h>

#define PX_ERROR_MSG_MAX 1024

struct px_error {
	int code;                    /* errno of the root cause, 0 if none */
	char msg[PX_ERROR_MSG_MAX];  /* "context: reason" without trailing newline */
};

/* Fill err with the formatted message; when errnum != 0 append ": strerror(errnum)".
 * Always returns -1 so callers can write `return px_err(err, errno, "open %s", p);`. */
int px_err(struct px_error *err, int errnum, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Like px_err() but the message is complete as given: errnum is recorded in
 * err->code for callers to branch on, its strerror text is not appended (for
 * messages like "container \"x\" does not exist" that already say it). */
int px_err_plain(struct px_error *err, int errnum, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Prepend "<formatted>: " to err->msg (keeps err->code). Returns -1. */
int px_err_prefix(struct px_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Reset to "no error". */
void px_err_clear(struct px_error *err);

#endif
