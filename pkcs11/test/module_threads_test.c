/* A slow agent holds up only the session that waits for it: other threads' calls (token and slot
 * information, opening a session, another session's signature) answer at once, the waiting session
 * refuses a second operation instead of queueing, and C_Finalize during a signature neither waits
 * for it nor crashes it. */
#include <pthread.h>
#include <string.h>

#include "check.h"
#include "harness.h"
#include "pkcs11.h"

#define SLOW_MS 2500
#define PROMPT_MS 1000 /* far below SLOW_MS, far above what the calls take on a busy machine */

typedef struct {
  CK_SESSION_HANDLE session;
  CK_OBJECT_HANDLE key;
  CK_RV rv;
  CK_ULONG len;
  unsigned char sig[512];
} job;

static void *slow_signer(void *arg) {
  job *j = arg;
  CK_MECHANISM m = {CKM_SHA256_RSA_PKCS, NULL, 0};
  j->len = sizeof j->sig;
  j->rv = sign_once(j->session, &m, j->key, "slow", 4, j->sig, &j->len);
  return NULL;
}

/* Starts a signature with the RSA key that the agent answers after SLOW_MS; returns once it asked. */
static void start_slow_sign(job *j, pthread_t *t) {
  memset(j, 0, sizeof *j);
  CHECK(p->C_OpenSession(0, CKF_SERIAL_SESSION, NULL, NULL, &j->session) == CKR_OK);
  j->key = find_key(j->session, CKO_PRIVATE_KEY, "Alice");
  agent_slow_for(RSA_SHA1, SLOW_MS);
  int before = agent_sign_count();
  CHECK(pthread_create(t, NULL, slow_signer, j) == 0);
  CHECK(agent_await_signs(before + 1) == 0);
}

static void test_others_go_on_while_the_agent_is_slow(void) {
  job slow;
  pthread_t t;
  start_slow_sign(&slow, &t);

  long long start = now_ms();
  CK_TOKEN_INFO token;
  CK_SLOT_ID slot;
  CK_ULONG n = 1;
  CHECK(p->C_GetTokenInfo(0, &token) == CKR_OK);
  CHECK(p->C_GetSlotList(CK_TRUE, &slot, &n) == CKR_OK && n == 1);
  CK_SESSION_HANDLE other;
  CHECK(p->C_OpenSession(0, CKF_SERIAL_SESSION, NULL, NULL, &other) == CKR_OK);
  CK_MECHANISM ecdsa = {CKM_ECDSA_SHA256, NULL, 0};
  unsigned char sig[128];
  CK_ULONG len = sizeof sig;
  CHECK(sign_once(other, &ecdsa, find_key(other, CKO_PRIVATE_KEY, "Bob"), "fast", 4, sig, &len) == CKR_OK);
  CHECK(len == 64);
  CHECK(p->C_CloseSession(other) == CKR_OK);
  /* The waiting session itself: a second operation is refused, not queued behind the agent. */
  CHECK(p->C_SignUpdate(slow.session, (CK_BYTE_PTR) "x", 1) == CKR_OPERATION_ACTIVE);
  CHECK(p->C_SignFinal(slow.session, NULL, &len) == CKR_OPERATION_ACTIVE);
  long long took = now_ms() - start;
  CHECK(took < PROMPT_MS);
  printf("module_threads_test: token info, slot list, a session and another key's signature took %lld ms "
         "while the agent was %d ms slow\n", took, SLOW_MS);

  CHECK(pthread_join(t, NULL) == 0);
  CHECK(slow.rv == CKR_OK && slow.len == 256 && slow.sig[0] == 0 && slow.sig[1] == 0xab);
  /* Its operation is over and the session serves the next. */
  CHECK(p->C_SignFinal(slow.session, NULL, &len) == CKR_OPERATION_NOT_INITIALIZED);
  agent_slow_for(NULL, 0);
  len = sizeof sig;
  CHECK(sign_once(slow.session, &ecdsa, find_key(slow.session, CKO_PRIVATE_KEY, "Bob"), "x", 1, sig, &len) == CKR_OK);
  CHECK(p->C_CloseSession(slow.session) == CKR_OK);
}

static void test_closing_the_session_during_a_signature(void) {
  job slow;
  pthread_t t;
  start_slow_sign(&slow, &t);
  long long start = now_ms();
  CHECK(p->C_CloseSession(slow.session) == CKR_OK);
  CHECK(now_ms() - start < PROMPT_MS);
  CHECK(pthread_join(t, NULL) == 0);
  CHECK(slow.rv == CKR_SESSION_CLOSED && slow.len == sizeof slow.sig && slow.sig[0] == 0);
  agent_slow_for(NULL, 0);
}

static void test_finalize_during_a_signature(void) {
  job slow;
  pthread_t t;
  start_slow_sign(&slow, &t);
  long long start = now_ms();
  CHECK(p->C_Finalize(NULL) == CKR_OK);
  CHECK(now_ms() - start < PROMPT_MS);
  /* Initialized again before the agent answers: the old session is gone, its handle means nothing. */
  CHECK(p->C_Initialize(NULL) == CKR_OK);
  CK_SESSION_HANDLE fresh;
  CHECK(p->C_OpenSession(0, CKF_SERIAL_SESSION, NULL, NULL, &fresh) == CKR_OK);
  CHECK(pthread_join(t, NULL) == 0);
  CHECK(slow.rv == CKR_SESSION_CLOSED && slow.len == sizeof slow.sig && slow.sig[0] == 0);
  CK_SESSION_INFO info;
  CHECK(p->C_GetSessionInfo(fresh, &info) == CKR_OK);
  agent_slow_for(NULL, 0);

  /* And finalized for good while a signature waits: it ends without the state it started with. */
  start_slow_sign(&slow, &t);
  CHECK(p->C_Finalize(NULL) == CKR_OK);
  CHECK(pthread_join(t, NULL) == 0);
  CHECK(slow.rv == CKR_CRYPTOKI_NOT_INITIALIZED && slow.sig[0] == 0);
  agent_slow_for(NULL, 0);
}

int main(int argc, char **argv) {
  if (argc != 2) return 2;
  if (harness_start(argv[1]) != 0) return check_result("module_threads_test");
  CHECK(p->C_Initialize(NULL) == CKR_OK);
  test_others_go_on_while_the_agent_is_slow();
  test_closing_the_session_during_a_signature();
  test_finalize_during_a_signature();
  check_failures += harness_finish();
  return check_result("module_threads_test");
}
