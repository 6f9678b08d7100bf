/* The client of the agent protocol (docs/agent-protocol.md): where the socket is, line I/O with
 * deadlines, the LIST answer parsed into identities, and SIGN, on connections kept open between
 * requests (agent_kept.h). */
#ifndef SM_AGENT_H
#define SM_AGENT_H
#include <stddef.h>

#include "log.h"
#include "pkcs11.h"

#define SM_MAX_LINE (1024 * 1024)
#define SM_MAX_BITS 16384 /* of a key in a LIST answer */

typedef struct { unsigned char *data; size_t len; } sm_bytes;

typedef struct { sm_bytes der, subject, issuer, serial; } sm_cert;

typedef struct {
  char sha1[41];        /* as the agent wrote it; sent back in SIGN */
  unsigned char id[20]; /* its bytes: CKA_ID */
  sm_bytes label;       /* the common name, UTF-8 */
  sm_cert cert;
  CK_KEY_TYPE key_type; /* CKK_RSA or CKK_EC */
  CK_ULONG bits;
  sm_bytes key_a;       /* RSA: modulus;         EC: DER OID of the curve */
  sm_bytes key_b;       /* RSA: public exponent; EC: DER OCTET STRING of 04||X||Y */
  int has_key;
  sm_cert *chain;       /* above the leaf, nearest first */
  size_t chain_len;
} sm_identity;

typedef struct { sm_identity *items; size_t count; } sm_identities;

/* A connection with its read buffer. */
typedef struct { int fd; char *buf; size_t start, len, cap; } sm_conn;

/* The socket path by the environment (see the .c file); -1 when none can be made. */
int sm_agent_socket_path(char *out, size_t size);

/* Reads one line (without its "\n", NUL-terminated, valid until the next read) by the deadline
 * (milliseconds of CLOCK_MONOTONIC); -1 on EOF, error, timeout or a line over SM_MAX_LINE. */
int sm_conn_read_line(sm_conn *conn, char **line, long long deadline_ms);
int sm_conn_write(sm_conn *conn, const char *data, size_t len, long long deadline_ms);
void sm_conn_close(sm_conn *conn);
long long sm_now_ms(void);

/* Adds one line of a LIST answer (between "OK <n>" and "END") to ids; the line is modified.
 * -1 for a line that breaks the format. */
int sm_list_add_line(sm_identities *ids, char *line);
/* Drops incomplete identities and repeated fingerprints (with a log line). */
void sm_list_finish(sm_identities *ids);
void sm_identities_free(sm_identities *ids);

/* LIST from the agent into ids: CKR_OK, or CKR_DEVICE_REMOVED (logged) when it cannot be reached. */
CK_RV sm_agent_list(sm_identities *ids);
/* SIGN; on CKR_OK *sig (malloc'd) holds the signature as the service returned it. */
CK_RV sm_agent_sign(const char *sha1, const char *algorithm, const unsigned char *data, size_t len,
                    unsigned char **sig, size_t *sig_len);

#endif
