/* The module's only output: lines on stderr, made safe to show on a terminal. Much of what it logs
 * comes from the agent (its error messages, codes), which must not be able to move the cursor,
 * retitle the window or forge lines of its own. */
#ifndef SM_LOG_H
#define SM_LOG_H
#include <stddef.h>

/* "signing-manager-pkcs11: " + the message made printable (below, at most SM_LOG_MAX bytes) + a line
 * break, to stderr, or appended to the file $SIGNING_MANAGER_PKCS11_LOG names (created 0600, not through
 * a symbolic link; stderr when it cannot be written). A daemon that loads the module (gnupg-pkcs11-scd)
 * has no stderr anyone reads: git-setup's gpgsm wrapper shows that file when gpgsm fails. */
#define SM_LOG_MAX 1024
void sm_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Copies text into out (size >= 4 bytes, NUL-terminated) as characters a terminal only shows:
 * UTF-8 as it is, except control characters (C0, DEL, C1) and bidirectional overrides and isolates,
 * which are written as \xNN per byte, as is every byte that is not part of valid UTF-8. Ends with
 * "..." when out is too small for all of it. */
void sm_printable(const char *text, char *out, size_t size);

#endif
