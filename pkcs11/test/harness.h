/* What the module's tests share: a fake agent serving canned LIST and SIGN answers on a unix socket
 * in a temporary folder (each connection on a thread of its own, as the real agent serves them), and
 * the built module (sanitized build, path in argv[1]) loaded with dlopen, as clients load it. */
#ifndef SM_HARNESS_H
#define SM_HARNESS_H
#include <stddef.h>

#include "pkcs11.h"

#define RSA_SHA1 "0123456789ABCDEF0123456789ABCDEF01234567"
#define EC_SHA1 "FEDCBA9876543210FEDCBA9876543210FEDCBA98"

extern CK_FUNCTION_LIST *p;

/* Starts the agent, loads the module; 0, or -1 when the module cannot be loaded (reported). */
int harness_start(const char *module);
/* Stops the agent, unloads the module and removes the temporary folder; the count of this file's failed checks. */
int harness_finish(void);

void agent_start(void);
/* Stops listening and ends the open connections, as the real agent's close does. */
void agent_stop(void);
/* How many connections the agent has accepted since the test started. */
int agent_connections_accepted(void);
/* SIGN is answered with this line (without "\n") instead of a signature; NULL: a good signature. */
void agent_answer_sign_with(const char *line);
/* SIGN for the key with this SHA-1 is answered only after delay_ms; NULL: none is slow. */
void agent_slow_for(const char *sha1, int delay_ms);
int agent_sign_count(void);
/* Waits up to 5 s until the agent has received count SIGN requests; 0 when it has. */
int agent_await_signs(int count);
/* Whether the last SIGN request was for this key, algorithm and data (printed when not). */
int agent_last_sign_is(const char *sha1, const char *algorithm, const char *data_hex);

long long now_ms(void);
CK_ULONG find(CK_SESSION_HANDLE s, CK_ATTRIBUTE *t, CK_ULONG n, CK_OBJECT_HANDLE *out);
CK_OBJECT_HANDLE find_key(CK_SESSION_HANDLE s, CK_OBJECT_CLASS cls, const char *label);
CK_RV sign_once(CK_SESSION_HANDLE s, CK_MECHANISM *m, CK_OBJECT_HANDLE key, const void *data, CK_ULONG len,
                unsigned char *sig, CK_ULONG *sig_len);

#endif
