/* The module as clients use it, against the fake agent (harness.h): slot and token, sessions and
 * login, objects and attributes, each mechanism, bad arguments, threads, fork, the agent gone. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "harness.h"
#include "hex.h"
#include "pkcs11.h"
#include "sha.h"

/* ---- helpers ---- */

static void hex_of(const void *data, size_t len, char *out) { sm_hex_encode(data, len, out); }

static void digest_hex(sm_hash_alg alg, const char *msg, char *out) {
  sm_hash h;
  unsigned char d[SM_HASH_MAX];
  sm_hash_init(&h, alg);
  sm_hash_update(&h, msg, strlen(msg));
  sm_hash_final(&h, d);
  hex_of(d, sm_hash_size(alg), out);
}

/* ---- tests ---- */

static void test_info(void) {
  CK_INFO info;
  CK_SLOT_ID slots[2];
  CK_ULONG n = 0;
  CK_TOKEN_INFO token;
  CK_SLOT_INFO slot;
  CHECK(p->C_GetInfo(&info) == CKR_OK && info.cryptokiVersion.major == 2);
  CHECK(p->C_GetSlotList(CK_TRUE, NULL, &n) == CKR_OK && n == 1);
  n = 0;
  CHECK(p->C_GetSlotList(CK_TRUE, slots, &n) == CKR_BUFFER_TOO_SMALL && n == 1);
  CHECK(p->C_GetSlotList(CK_TRUE, slots, &n) == CKR_OK && n == 1 && slots[0] == 0);
  CHECK(p->C_GetSlotInfo(0, &slot) == CKR_OK && slot.flags == CKF_TOKEN_PRESENT);
  CHECK(p->C_GetTokenInfo(0, &token) == CKR_OK);
  CHECK(memcmp(token.label, "Signing Manager                 ", 32) == 0);
  CHECK(token.flags == CKF_TOKEN_INITIALIZED);
  CHECK(p->C_GetTokenInfo(1, &token) == CKR_SLOT_ID_INVALID);

  CK_MECHANISM_TYPE mechs[16];
  CK_MECHANISM_INFO mi;
  n = 0;
  CHECK(p->C_GetMechanismList(0, NULL, &n) == CKR_OK && n == 11);
  CHECK(p->C_GetMechanismList(0, mechs, &n) == CKR_OK && n == 11 && mechs[10] == CKM_SHA256);
  CHECK(p->C_GetMechanismInfo(0, CKM_SHA256, &mi) == CKR_OK);
  CHECK(p->C_GetMechanismInfo(0, CKM_RSA_PKCS_PSS, &mi) == CKR_OK && mi.flags == CKF_SIGN);
  CHECK(p->C_GetMechanismInfo(0, CKM_ECDSA_SHA384, &mi) == CKR_OK && mi.flags == CKF_SIGN);
  CHECK(p->C_GetMechanismInfo(0, 0x1234, &mi) == CKR_MECHANISM_INVALID);
}

static void test_session_and_login(CK_SESSION_HANDLE s) {
  CK_SESSION_INFO si;
  CHECK(p->C_GetSessionInfo(s, &si) == CKR_OK && si.state == CKS_RO_PUBLIC_SESSION);
  CHECK(p->C_Login(s, CKU_USER, NULL, 0) == CKR_OK);
  CHECK(p->C_GetSessionInfo(s, &si) == CKR_OK && si.state == CKS_RO_USER_FUNCTIONS);
  CHECK(p->C_Login(s, CKU_USER, (CK_UTF8CHAR_PTR) "", 0) == CKR_USER_ALREADY_LOGGED_IN);
  CHECK(p->C_Logout(s) == CKR_OK);
  CHECK(p->C_Logout(s) == CKR_USER_NOT_LOGGED_IN);
  CHECK(p->C_Login(s, CKU_USER, (CK_UTF8CHAR_PTR) "", 0) == CKR_OK); /* empty non-NULL PIN */
  CHECK(p->C_GetSessionInfo(999, &si) == CKR_SESSION_HANDLE_INVALID);
}

static void test_find(CK_SESSION_HANDLE s) {
  CK_OBJECT_HANDLE h[16];
  CK_OBJECT_CLASS cert = CKO_CERTIFICATE, priv = CKO_PRIVATE_KEY;
  CK_BBOOL yes = CK_TRUE;
  unsigned char id[20];
  sm_hex_decode(RSA_SHA1, 40, id);
  CHECK(find(s, NULL, 0, h) == 7); /* 2 x (certificate, private key, public key) + the shared CA once */
  CK_ATTRIBUTE by_class[] = {{CKA_CLASS, &priv, sizeof priv}};
  CHECK(find(s, by_class, 1, h) == 2);
  CK_ATTRIBUTE java[] = {{CKA_TOKEN, &yes, sizeof yes}, {CKA_CLASS, &cert, sizeof cert}};
  CHECK(find(s, java, 2, h) == 3);
  CK_ATTRIBUTE by_id[] = {{CKA_ID, id, sizeof id}};
  CHECK(find(s, by_id, 1, h) == 3);
  CK_ATTRIBUTE by_label[] = {{CKA_LABEL, "Bob", 3}};
  CHECK(find(s, by_label, 1, h) == 3);
  CK_ATTRIBUTE none[] = {{CKA_LABEL, "Bo", 2}};
  CHECK(find(s, none, 1, h) == 0);
  CHECK(p->C_FindObjects(s, h, 1, &(CK_ULONG){0}) == CKR_OPERATION_NOT_INITIALIZED);
}

static void test_attributes(CK_SESSION_HANDLE s) {
  CK_OBJECT_HANDLE rsa = find_key(s, CKO_PRIVATE_KEY, "Alice"), ec = find_key(s, CKO_PRIVATE_KEY, "Bob");
  CK_OBJECT_HANDLE cert = find_key(s, CKO_CERTIFICATE, "Alice"), pub = find_key(s, CKO_PUBLIC_KEY, "Bob");
  unsigned char modulus[300], small[4], id[20], value[16], point[16];
  CK_BBOOL sensitive = 0, extractable = 1;
  CK_KEY_TYPE kt;
  CK_ULONG category;

  CK_ATTRIBUTE size[] = {{CKA_MODULUS, NULL, 0}, {CKA_PUBLIC_EXPONENT, NULL, 0}};
  CHECK(p->C_GetAttributeValue(s, rsa, size, 2) == CKR_OK && size[0].ulValueLen == 256 && size[1].ulValueLen == 3);
  CK_ATTRIBUTE get[] = {{CKA_MODULUS, modulus, sizeof modulus}, {CKA_SENSITIVE, &sensitive, 1},
                        {CKA_EXTRACTABLE, &extractable, 1}, {CKA_ID, id, sizeof id}, {CKA_KEY_TYPE, &kt, sizeof kt}};
  CHECK(p->C_GetAttributeValue(s, rsa, get, 5) == CKR_OK);
  CHECK(get[0].ulValueLen == 256 && modulus[0] == 0xc3 && sensitive == CK_TRUE && extractable == CK_FALSE);
  CHECK(get[3].ulValueLen == 20 && id[0] == 0x01 && id[19] == 0x67 && kt == CKK_RSA);

  CK_ATTRIBUTE mixed[] = {{CKA_VALUE, value, sizeof value}, {CKA_LABEL, value, sizeof value},
                          {CKA_MODULUS, small, sizeof small}};
  CHECK(p->C_GetAttributeValue(s, rsa, mixed, 3) != CKR_OK);
  CHECK(mixed[0].ulValueLen == CK_UNAVAILABLE_INFORMATION); /* a key has no CKA_VALUE */
  CHECK(mixed[1].ulValueLen == 5 && memcmp(value, "Alice", 5) == 0); /* still filled */
  CHECK(mixed[2].ulValueLen == CK_UNAVAILABLE_INFORMATION);
  CK_ATTRIBUTE unknown[] = {{CKA_VALUE, NULL, 0}};
  CHECK(p->C_GetAttributeValue(s, rsa, unknown, 1) == CKR_ATTRIBUTE_TYPE_INVALID);
  CK_ATTRIBUTE too_small[] = {{CKA_MODULUS, small, sizeof small}};
  CHECK(p->C_GetAttributeValue(s, rsa, too_small, 1) == CKR_BUFFER_TOO_SMALL);
  CHECK(too_small[0].ulValueLen == CK_UNAVAILABLE_INFORMATION);
  CHECK(p->C_GetAttributeValue(s, 0, size, 1) == CKR_OBJECT_HANDLE_INVALID);
  CHECK(p->C_GetAttributeValue(s, 1000, size, 1) == CKR_OBJECT_HANDLE_INVALID);

  CK_ATTRIBUTE ecattrs[] = {{CKA_EC_POINT, point, sizeof point}, {CKA_EC_PARAMS, value, sizeof value}};
  CHECK(p->C_GetAttributeValue(s, ec, ecattrs, 2) == CKR_OK && ecattrs[0].ulValueLen == 5 && point[0] == 0x04);
  CHECK(ecattrs[1].ulValueLen == 10 && value[0] == 0x06);
  CHECK(p->C_GetAttributeValue(s, pub, ecattrs, 1) == CKR_OK);
  CK_ATTRIBUTE certattrs[] = {{CKA_VALUE, value, sizeof value}, {CKA_SERIAL_NUMBER, point, sizeof point},
                              {CKA_CERTIFICATE_CATEGORY, &category, sizeof category}};
  CHECK(p->C_GetAttributeValue(s, cert, certattrs, 3) == CKR_OK);
  CHECK(certattrs[0].ulValueLen == 5 && value[4] == 1 && certattrs[1].ulValueLen == 3 && point[2] == 7 && category == 1);
}

static void test_sign_rsa(CK_SESSION_HANDLE s) {
  CK_OBJECT_HANDLE rsa = find_key(s, CKO_PRIVATE_KEY, "Alice"), ec = find_key(s, CKO_PRIVATE_KEY, "Bob");
  CK_OBJECT_HANDLE cert = find_key(s, CKO_CERTIFICATE, "Alice");
  unsigned char sig[512];
  CK_ULONG len;
  char hex[2 * 128 + 1];
  CK_MECHANISM m = {CKM_SHA256_RSA_PKCS, NULL, 0};

  /* Size queries answer without the network and keep the operation. */
  int before = agent_sign_count();
  CHECK(p->C_SignInit(s, &m, rsa) == CKR_OK);
  CHECK(p->C_Sign(s, (CK_BYTE_PTR) "hello", 5, NULL, &len) == CKR_OK && len == 256);
  len = 10;
  CHECK(p->C_Sign(s, (CK_BYTE_PTR) "hello", 5, sig, &len) == CKR_BUFFER_TOO_SMALL && len == 256);
  CHECK(agent_sign_count() == before);
  CHECK(p->C_Sign(s, (CK_BYTE_PTR) "hello", 5, sig, &len) == CKR_OK && len == 256);
  CHECK(agent_sign_count() == before + 1);
  CHECK(sig[0] == 0 && sig[1] == 0xab && sig[255] == 0xab);
  digest_hex(SM_SHA256, "hello", hex);
  CHECK(agent_last_sign_is(RSA_SHA1, "RSA_PKCS1_SHA256", hex));
  CHECK(p->C_Sign(s, (CK_BYTE_PTR) "hello", 5, sig, &len) == CKR_OPERATION_NOT_INITIALIZED);

  /* Multi-part: hashed here, one call at SignFinal. */
  CHECK(p->C_SignInit(s, &m, rsa) == CKR_OK);
  CHECK(p->C_SignUpdate(s, (CK_BYTE_PTR) "hel", 3) == CKR_OK);
  CHECK(p->C_SignUpdate(s, (CK_BYTE_PTR) "lo", 2) == CKR_OK);
  CHECK(p->C_SignFinal(s, NULL, &len) == CKR_OK && len == 256);
  CHECK(p->C_SignFinal(s, sig, &len) == CKR_OK && len == 256);
  CHECK(agent_last_sign_is(RSA_SHA1, "RSA_PKCS1_SHA256", hex));

  static const struct { CK_MECHANISM_TYPE m; sm_hash_alg h; const char *name; } hashed[] = {
      {CKM_SHA1_RSA_PKCS, SM_SHA1, "RSA_PKCS1_SHA1"},
      {CKM_SHA384_RSA_PKCS, SM_SHA384, "RSA_PKCS1_SHA384"},
      {CKM_SHA512_RSA_PKCS, SM_SHA512, "RSA_PKCS1_SHA512"}};
  for (size_t i = 0; i < 3; i++) {
    CK_MECHANISM hm = {hashed[i].m, NULL, 0};
    len = sizeof sig;
    CHECK(sign_once(s, &hm, rsa, "abc", 3, sig, &len) == CKR_OK && len == 256);
    digest_hex(hashed[i].h, "abc", hex);
    CHECK(agent_last_sign_is(RSA_SHA1, hashed[i].name, hex));
  }

  /* CKM_RSA_PKCS: the caller's DigestInfo goes as it is. */
  const char *digest_info = "3031300d060960864801650304020105000420"
                            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
  unsigned char di[51];
  sm_hex_decode(digest_info, 102, di);
  CK_MECHANISM raw = {CKM_RSA_PKCS, NULL, 0};
  len = sizeof sig;
  CHECK(sign_once(s, &raw, rsa, di, sizeof di, sig, &len) == CKR_OK && len == 256);
  CHECK(agent_last_sign_is(RSA_SHA1, "RSA_PKCS1_RAW", digest_info));

  /* PSS: the digest, the algorithm by hashAlg; other salt lengths or MGFs are refused. */
  CK_RSA_PKCS_PSS_PARAMS params = {CKM_SHA384, CKG_MGF1_SHA384, 48};
  CK_MECHANISM pss = {CKM_RSA_PKCS_PSS, &params, sizeof params};
  unsigned char d384[48];
  memset(d384, 0x5a, sizeof d384);
  len = sizeof sig;
  CHECK(sign_once(s, &pss, rsa, d384, sizeof d384, sig, &len) == CKR_OK && len == 256);
  hex_of(d384, sizeof d384, hex);
  CHECK(agent_last_sign_is(RSA_SHA1, "RSA_PSS_SHA384", hex));
  len = sizeof sig;
  CHECK(sign_once(s, &pss, rsa, d384, 32, sig, &len) == CKR_DATA_LEN_RANGE);
  params.sLen = 32;
  CHECK(p->C_SignInit(s, &pss, rsa) == CKR_MECHANISM_PARAM_INVALID);
  params = (CK_RSA_PKCS_PSS_PARAMS){CKM_SHA256, CKG_MGF1_SHA1, 32};
  CHECK(p->C_SignInit(s, &pss, rsa) == CKR_MECHANISM_PARAM_INVALID);
  pss.pParameter = NULL;
  CHECK(p->C_SignInit(s, &pss, rsa) == CKR_MECHANISM_PARAM_INVALID);

  /* Wrong keys and mechanisms. */
  CHECK(p->C_SignInit(s, &m, ec) == CKR_KEY_TYPE_INCONSISTENT);
  CHECK(p->C_SignInit(s, &m, cert) == CKR_KEY_HANDLE_INVALID);
  CHECK(p->C_SignInit(s, &m, 0) == CKR_KEY_HANDLE_INVALID);
  CK_MECHANISM bad = {CKM_SHA256, NULL, 0};
  CHECK(p->C_SignInit(s, &bad, rsa) == CKR_MECHANISM_INVALID);
  CHECK(p->C_SignInit(s, &m, rsa) == CKR_OK);
  CHECK(p->C_SignInit(s, &m, rsa) == CKR_OPERATION_ACTIVE);

  /* The agent refuses: an error, logged, and the operation is over. */
  agent_answer_sign_with("ERR key_inactive 6b6579206973206f6666");
  len = sizeof sig;
  CHECK(p->C_Sign(s, (CK_BYTE_PTR) "x", 1, sig, &len) == CKR_FUNCTION_REJECTED);
  agent_answer_sign_with(NULL);
  CHECK(p->C_SignFinal(s, sig, &len) == CKR_OPERATION_NOT_INITIALIZED);
}

static void test_sign_ec(CK_SESSION_HANDLE s) {
  CK_OBJECT_HANDLE ec = find_key(s, CKO_PRIVATE_KEY, "Bob");
  unsigned char sig[128], digest[128];
  char hex[2 * 128 + 1], expect[2 * 64 + 1] = "80";
  CK_ULONG len;
  for (int i = 0; i < 31; i++) strcat(expect, "11");
  strcat(expect, "00");
  for (int i = 0; i < 31; i++) strcat(expect, "22");

  CK_MECHANISM m = {CKM_ECDSA, NULL, 0};
  static const struct { size_t len; const char *name; } by_length[] = {
      {32, "ECDSA_SHA256"}, {48, "ECDSA_SHA384"}, {64, "ECDSA_SHA512"}};
  for (size_t i = 0; i < 3; i++) {
    memset(digest, (int)i + 1, sizeof digest);
    len = sizeof sig;
    CHECK(sign_once(s, &m, ec, digest, by_length[i].len, sig, &len) == CKR_OK && len == 64);
    hex_of(digest, by_length[i].len, hex);
    CHECK(agent_last_sign_is(EC_SHA1, by_length[i].name, hex));
    hex_of(sig, len, hex);
    CHECK(strcmp(hex, expect) == 0); /* fixed-width r||s, never DER */
  }
  static const size_t raw_lengths[] = {20, 28, 100}; /* SHA-1, SHA-224, longer than any order: X9.62 cuts it */
  for (size_t i = 0; i < 3; i++) {
    len = sizeof sig;
    CHECK(sign_once(s, &m, ec, digest, raw_lengths[i], sig, &len) == CKR_OK && len == 64);
    hex_of(digest, raw_lengths[i], hex);
    CHECK(agent_last_sign_is(EC_SHA1, "ECDSA_RAW", hex));
  }
  len = sizeof sig;
  CHECK(sign_once(s, &m, ec, digest, 0, sig, &len) == CKR_DATA_LEN_RANGE);

  CK_MECHANISM m256 = {CKM_ECDSA_SHA256, NULL, 0};
  CHECK(p->C_SignInit(s, &m256, ec) == CKR_OK);
  CHECK(p->C_SignUpdate(s, (CK_BYTE_PTR) "a", 1) == CKR_OK);
  CHECK(p->C_SignUpdate(s, (CK_BYTE_PTR) "bc", 2) == CKR_OK);
  len = 0;
  CHECK(p->C_SignFinal(s, sig, &len) == CKR_BUFFER_TOO_SMALL && len == 64);
  CHECK(p->C_SignFinal(s, sig, &len) == CKR_OK && len == 64);
  digest_hex(SM_SHA256, "abc", hex);
  CHECK(agent_last_sign_is(EC_SHA1, "ECDSA_SHA256", hex));

  /* A DER answer that is not a signature for this curve is an error, not a crash. */
  agent_answer_sign_with("OK 3006020101020102ff");
  len = sizeof sig;
  CHECK(sign_once(s, &m, ec, digest, 32, sig, &len) == CKR_DEVICE_ERROR);
  agent_answer_sign_with(NULL);
}

static void test_bad_arguments(CK_SESSION_HANDLE s) {
  CK_ULONG n;
  CHECK(p->C_GetInfo(NULL) == CKR_ARGUMENTS_BAD);
  CHECK(p->C_GetSlotList(CK_TRUE, NULL, NULL) == CKR_ARGUMENTS_BAD);
  CHECK(p->C_GetSlotInfo(0, NULL) == CKR_ARGUMENTS_BAD);
  CHECK(p->C_GetTokenInfo(0, NULL) == CKR_ARGUMENTS_BAD);
  CHECK(p->C_GetMechanismList(0, NULL, NULL) == CKR_ARGUMENTS_BAD);
  CHECK(p->C_GetMechanismInfo(0, CKM_ECDSA, NULL) == CKR_ARGUMENTS_BAD);
  CHECK(p->C_OpenSession(0, CKF_SERIAL_SESSION, NULL, NULL, NULL) == CKR_ARGUMENTS_BAD);
  CHECK(p->C_GetSessionInfo(s, NULL) == CKR_ARGUMENTS_BAD);
  CHECK(p->C_FindObjectsInit(s, NULL, 2) == CKR_ARGUMENTS_BAD);
  CHECK(p->C_GetAttributeValue(s, 1, NULL, 1) == CKR_ARGUMENTS_BAD);
  CHECK(p->C_SignInit(s, NULL, 1) == CKR_ARGUMENTS_BAD);
  CHECK(p->C_Sign(s, NULL, 0, NULL, &n) == CKR_OPERATION_NOT_INITIALIZED);
  CHECK(p->C_SignUpdate(999, NULL, 0) == CKR_SESSION_HANDLE_INVALID);
  CHECK(p->C_GetFunctionList(NULL) == CKR_ARGUMENTS_BAD);
  CHECK(p->C_Encrypt(s, NULL, 0, NULL, NULL) == CKR_FUNCTION_NOT_SUPPORTED);
  CHECK(p->C_GenerateRandom(s, NULL, 0) == CKR_RANDOM_NO_RNG);
  CHECK(p->C_Finalize((void *)1) == CKR_ARGUMENTS_BAD);
}

static void *signer(void *arg) {
  CK_OBJECT_HANDLE key = *(CK_OBJECT_HANDLE *)arg;
  CK_SESSION_HANDLE s;
  CK_MECHANISM m = {CKM_ECDSA_SHA384, NULL, 0};
  unsigned char sig[128];
  int ok = p->C_OpenSession(0, CKF_SERIAL_SESSION, NULL, NULL, &s) == CKR_OK;
  for (int i = 0; i < 20 && ok; i++) {
    CK_ULONG len = sizeof sig;
    ok = sign_once(s, &m, key, "data", 4, sig, &len) == CKR_OK && len == 64;
  }
  ok = ok && p->C_CloseSession(s) == CKR_OK;
  return ok ? arg : NULL;
}

static void test_threads(CK_SESSION_HANDLE s) {
  CK_OBJECT_HANDLE ec = find_key(s, CKO_PRIVATE_KEY, "Bob");
  pthread_t t[4];
  for (int i = 0; i < 4; i++) pthread_create(&t[i], NULL, signer, &ec);
  for (int i = 0; i < 4; i++) {
    void *r;
    pthread_join(t[i], &r);
    CHECK(r != NULL);
  }
}

static void test_fork(void) {
  pid_t pid = fork();
  if (pid == 0) {
    CK_ULONG n = 0;
    int ok = p->C_GetSlotList(CK_TRUE, NULL, &n) == CKR_CRYPTOKI_NOT_INITIALIZED;
    ok = ok && p->C_Initialize(NULL) == CKR_OK; /* not CKR_CRYPTOKI_ALREADY_INITIALIZED */
    ok = ok && p->C_GetSlotList(CK_TRUE, NULL, &n) == CKR_OK && n == 1;
    CK_SESSION_HANDLE s;
    CK_OBJECT_HANDLE h[16];
    ok = ok && p->C_OpenSession(0, CKF_SERIAL_SESSION, NULL, NULL, &s) == CKR_OK;
    ok = ok && find(s, NULL, 0, h) == 7 && p->C_Finalize(NULL) == CKR_OK;
    _exit(ok ? 0 : 1);
  }
  int status = -1;
  CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/* Many signatures, one connection: the module keeps it open between them. */
static void test_kept_connection(CK_SESSION_HANDLE s) {
  CK_OBJECT_HANDLE rsa = find_key(s, CKO_PRIVATE_KEY, "Alice");
  CK_MECHANISM m = {CKM_SHA256_RSA_PKCS, NULL, 0};
  unsigned char sig[512];
  CK_ULONG len = sizeof sig;
  CHECK(sign_once(s, &m, rsa, "x", 1, sig, &len) == CKR_OK);
  int before = agent_connections_accepted(), signs = agent_sign_count();
  for (int i = 0; i < 200; i++) {
    len = sizeof sig;
    CHECK(sign_once(s, &m, rsa, "x", 1, sig, &len) == CKR_OK && len == 256);
  }
  CHECK(agent_sign_count() == signs + 200);
  CHECK(agent_connections_accepted() == before);
}

/* The agent restarts between two signatures: the module finds its kept connection closed and
 * connects again, and the caller sees nothing of it. */
static void test_agent_restart(CK_SESSION_HANDLE s) {
  CK_OBJECT_HANDLE rsa = find_key(s, CKO_PRIVATE_KEY, "Alice");
  CK_MECHANISM m = {CKM_SHA256_RSA_PKCS, NULL, 0};
  unsigned char sig[512];
  CK_ULONG len = sizeof sig;
  CHECK(sign_once(s, &m, rsa, "x", 1, sig, &len) == CKR_OK);
  int before = agent_connections_accepted();
  agent_stop();
  agent_start();
  len = sizeof sig;
  CHECK(sign_once(s, &m, rsa, "x", 1, sig, &len) == CKR_OK && len == 256);
  CHECK(agent_connections_accepted() == before + 1);
}

static void test_agent_down(CK_SESSION_HANDLE s) {
  CK_OBJECT_HANDLE rsa = find_key(s, CKO_PRIVATE_KEY, "Alice");
  CK_MECHANISM m = {CKM_SHA256_RSA_PKCS, NULL, 0};
  unsigned char sig[512];
  CK_ULONG len = sizeof sig, n = 0;
  CK_OBJECT_HANDLE h[16];
  agent_stop();
  CHECK(sign_once(s, &m, rsa, "x", 1, sig, &len) == CKR_DEVICE_REMOVED);
  /* The token is empty from then on, as a refresh without the agent leaves it: a tool that looks
   * for the key again to retry (pkcs11-helper) finds none instead of retrying without end. */
  CHECK(find(s, NULL, 0, h) == 0);
  CHECK(p->C_SignInit(s, &m, rsa) == CKR_KEY_HANDLE_INVALID);
  /* The agent back, a new session finds the keys again at once. */
  agent_start();
  CK_SESSION_HANDLE again;
  CHECK(p->C_OpenSession(0, CKF_SERIAL_SESSION, NULL, NULL, &again) == CKR_OK);
  CHECK(find(again, NULL, 0, h) > 0);
  rsa = find_key(again, CKO_PRIVATE_KEY, "Alice");
  len = sizeof sig;
  CHECK(sign_once(again, &m, rsa, "x", 1, sig, &len) == CKR_OK);
  agent_stop();
  CHECK(p->C_Finalize(NULL) == CKR_OK);
  /* Started without the agent: the token is there, and empty. */
  CHECK(p->C_Initialize(NULL) == CKR_OK);
  CK_TOKEN_INFO token;
  CHECK(p->C_GetSlotList(CK_TRUE, NULL, &n) == CKR_OK && n == 1);
  CHECK(p->C_GetTokenInfo(0, &token) == CKR_OK);
  CHECK(p->C_OpenSession(0, CKF_SERIAL_SESSION, NULL, NULL, &s) == CKR_OK);
  CHECK(find(s, NULL, 0, h) == 0);
  /* The agent started meanwhile: the next session lists its keys (no wait for the minute's refresh). */
  agent_start();
  CHECK(p->C_OpenSession(0, CKF_SERIAL_SESSION, NULL, NULL, &again) == CKR_OK);
  CHECK(find(again, NULL, 0, h) > 0);
  agent_stop();
  CHECK(p->C_Finalize(NULL) == CKR_OK);
  CHECK(p->C_GetSlotList(CK_TRUE, NULL, &n) == CKR_CRYPTOKI_NOT_INITIALIZED);
}

int main(int argc, char **argv) {
  if (argc != 2) return 2;
  if (harness_start(argv[1]) != 0) return check_result("module_test");

  CK_ULONG n;
  CHECK(p->C_GetSlotList(CK_TRUE, NULL, &n) == CKR_CRYPTOKI_NOT_INITIALIZED);
  CK_C_INITIALIZE_ARGS args = {NULL, NULL, NULL, NULL, CKF_LIBRARY_CANT_CREATE_OS_THREADS | CKF_OS_LOCKING_OK, NULL};
  CHECK(p->C_Initialize(&args) == CKR_OK); /* what GnuTLS passes */
  CHECK(p->C_Initialize(NULL) == CKR_CRYPTOKI_ALREADY_INITIALIZED);
  CHECK(p->C_Finalize(NULL) == CKR_OK);
  CHECK(p->C_Initialize(NULL) == CKR_OK);

  CK_SESSION_HANDLE s;
  CHECK(p->C_OpenSession(0, CKF_SERIAL_SESSION, NULL, NULL, &s) == CKR_OK);
  test_info();
  test_session_and_login(s);
  test_find(s);
  test_attributes(s);
  test_sign_rsa(s);
  test_sign_ec(s);
  test_bad_arguments(s);
  test_threads(s);
  test_kept_connection(s);
  test_agent_restart(s);
  test_fork();
  test_agent_down(s);

  check_failures += harness_finish();
  return check_result("module_test");
}
