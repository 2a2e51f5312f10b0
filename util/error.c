#include "util/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int px_err(struct px_error *err, int errnum, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!err)
		return -1;
	va_start(ap, fmt);
	n = vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	if (errnum && (size_t)n < sizeof err->msg)
		snprintf(err->msg + n, sizeof err->msg - (size_t)n, ": %s", strerror(errnum));
	err->code = errnum;
	return -1;
}

int px_err_plain(struct px_error *err, int errnum, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return -1;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	err->code = errnum;
	return -1;
}

int px_err_prefix(struct px_error *err, const char *fmt, ...)
{
	char prefix[PX_ERROR_MSG_MAX];
	size_t plen, mlen;
	va_list ap;
	int n;

	if (!err)
		return -1;
	va_start(ap, fmt);
	n = vsnprintf(prefix, sizeof prefix - 2, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	plen = strlen(prefix);
	memcpy(prefix + plen, ": ", 3);
	plen += 2;
	/* Shift the old message right and put the prefix in front; a message that no
	 * longer fits loses its tail, never its context. */
	mlen = strnlen(err->msg, sizeof err->msg - 1);
	if (plen + mlen > sizeof err->msg - 1)
		mlen = plen < sizeof err->msg - 1 ? sizeof err->msg - 1 - plen : 0;
	if (plen > sizeof err->msg - 1)
		plen = sizeof err->msg - 1;
	memmove(err->msg + plen, err->msg, mlen);
	memcpy(err->msg, prefix, plen);
	err->msg[plen + mlen] = '\0';
	return -1;
}

void px_err_clear(struct px_error *err)
{
	if (err) {
		err->code = 0;
		err->msg[0] = '\0';
	}
}
