/* The module's one global state, guarded by one mutex: objects loaded from the agent, sessions. */
#ifndef SM_STATE_H
#define SM_STATE_H
#include <sys/types.h>

#include "agent.h"
#include "pkcs11.h"
#include "sha.h"

#define SM_SLOT_ID 0UL
#define SM_REFRESH_MS 60000

typedef enum { SM_CERT, SM_CA_CERT, SM_PRIVATE_KEY, SM_PUBLIC_KEY } sm_kind;

typedef struct {
  sm_kind kind;
  const sm_identity *identity; /* the leaf's; NULL for a CA certificate */
  const sm_cert *cert;         /* SM_CERT, SM_CA_CERT */
  unsigned char id[20];
  char ca_label[44];           /* "CA " and the fingerprint, for SM_CA_CERT */
} sm_object;

/* A signature in progress: everything copied from the key, which a refresh may replace. */
typedef struct {
  int active;
  CK_MECHANISM_TYPE mechanism;
  const char *algorithm; /* the service's name; NULL for CKM_ECDSA: chosen by the digest's length */
  int hashing;
  sm_hash hash;
  unsigned char input[512];
  size_t input_len;
  size_t input_needed; /* PSS: the digest's length */
  char sha1[41];
  CK_KEY_TYPE key_type;
  size_t sig_len;
} sm_sign_op;

typedef struct {
  CK_SESSION_HANDLE handle;
  CK_FLAGS flags;
  int finding;
  CK_OBJECT_HANDLE *found;
  size_t found_count, found_pos;
  sm_sign_op sign;
} sm_session;

typedef struct {
  int initialized;
  pid_t pid; /* of the process that initialized: a forked child starts afresh */
  int logged_in;
  sm_identities identities;
  sm_object *objects; /* handle = index + 1 */
  size_t object_count;
  long long loaded_ms;
  sm_session *sessions;
  size_t session_count;
  CK_SESSION_HANDLE next_handle;
} sm_state;

extern sm_state sm;

/* Takes the lock; CKR_CRYPTOKI_NOT_INITIALIZED (lock released) unless initialized in this process. */
CK_RV sm_enter(void);
void sm_leave(void);

sm_session *sm_session_find(CK_SESSION_HANDLE handle);
void sm_sessions_free(void);

const sm_object *sm_object_find(CK_OBJECT_HANDLE handle);
/* LIST from the agent into the object table; an empty table when the agent is unreachable. */
void sm_objects_load(void);
void sm_objects_free(void);

/* Copies s into a fixed-width field, padded with spaces. */
void sm_pad(CK_UTF8CHAR *field, size_t width, const char *s);

#endif
