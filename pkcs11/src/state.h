/* The module's one global state, guarded by one mutex: objects loaded from the agent, sessions.
 * The mutex is never held while waiting for the agent: a signature marks its session's operation
 * busy and lets go of it for the round trip, a refresh of the objects lets go of it for LIST, so a
 * slow agent holds up only the call that waits for it. Whoever lets go checks on taking it again
 * that the state is still the one it left (sm_reenter): C_Finalize may have run meanwhile. */
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
  const char *algorithm; /* the service's name; NULL for CKM_ECDSA: chosen by the digest's length (else ECDSA_RAW) */
  int hashing;
  sm_hash hash;
  unsigned char input[512];
  size_t input_len;
  size_t input_needed; /* PSS: the digest's length */
  char sha1[41];
  CK_KEY_TYPE key_type;
  size_t sig_len;
  int busy; /* the agent is being asked, without the lock: the session takes no other operation */
  int multi_part; /* C_SignUpdate was called: only C_SignFinal ends it */
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
  unsigned long generation; /* counts C_Initialize calls: tells a state from one finalized meanwhile */
  int logged_in;
  sm_identities identities;
  sm_object *objects; /* handle = index + 1 */
  size_t object_count;
  long long loaded_ms;
  int refreshing; /* a LIST is under way, without the lock */
  sm_session *sessions;
  size_t session_count;
  CK_SESSION_HANDLE next_handle;
} sm_state;

extern sm_state sm;

/* Takes the lock; CKR_CRYPTOKI_NOT_INITIALIZED (lock released) unless initialized in this process. */
CK_RV sm_enter(void);
/* Takes the lock again after a round trip without it: CKR_OK when the state is the generation it
 * left; else the lock is released and the answer is CKR_CRYPTOKI_NOT_INITIALIZED (finalized) or
 * CKR_SESSION_CLOSED (finalized and initialized again: every session of then is gone). */
CK_RV sm_reenter(unsigned long generation);
void sm_leave(void);

sm_session *sm_session_find(CK_SESSION_HANDLE handle);
void sm_sessions_free(void);

const sm_object *sm_object_find(CK_OBJECT_HANDLE handle);
/* Called with the lock held: the object table replaced by what the agent lists now (empty when it
 * is unreachable, and then the next C_OpenSession asks again). The lock is released for the LIST and taken again (sm_reenter: on an error it
 * is released). One refresh at a time: while one is under way, this returns CKR_OK at once. */
CK_RV sm_objects_refresh(void);
/* Called with the lock held when a signature finds the agent gone (CKR_DEVICE_REMOVED): the token
 * empty, as a refresh would leave it, until a new session finds the agent again. Tools that retry
 * while the key is still listed (pkcs11-helper, under gnupg-pkcs11-scd) stop instead of spinning. */
void sm_objects_agent_gone(void);
void sm_objects_free(void);

/* Copies s into a fixed-width field, padded with spaces. */
void sm_pad(CK_UTF8CHAR *field, size_t width, const char *s);

#endif
