/* What PKCS#11 v2.40 says a token like ours answers, section by section, where the peer conformance
 * suites (pkcs11test, p11test) and direct checks found the module answering otherwise. */
#include <string.h>

#include "check.h"
#include "harness.h"
#include "pkcs11.h"

static void check_counts(CK_ULONG sessions, CK_ULONG rw_sessions) {
  CK_TOKEN_INFO token;
  CHECK(p->C_GetTokenInfo(0, &token) == CKR_OK);
  CHECK(token.ulSessionCount == sessions && token.ulRwSessionCount == rw_sessions);
}

static void check_state(CK_SESSION_HANDLE s, CK_FLAGS flags, CK_STATE state) {
  CK_SESSION_INFO info;
  CHECK(p->C_GetSessionInfo(s, &info) == CKR_OK && info.slotID == 0);
  CHECK(info.flags == flags && info.state == state);
}

/* §5.6, §5.7, §6.7: the token is not write-protected and opens read-only and read/write sessions (serial
 * only); each state follows the session's flag and the login. It holds nothing a session could write: every
 * write answers CKR_FUNCTION_NOT_SUPPORTED, in a read/write session too. It has no SO: an SO login fails,
 * with CKR_SESSION_READ_ONLY_EXISTS beside a read-only session, else CKR_USER_ANOTHER_ALREADY_LOGGED_IN or
 * CKR_PIN_INCORRECT. */
static void test_sessions(void) {
  const CK_FLAGS ro = CKF_SERIAL_SESSION, rw = CKF_SERIAL_SESSION | CKF_RW_SESSION;
  CK_TOKEN_INFO token;
  CHECK(p->C_GetTokenInfo(0, &token) == CKR_OK && !(token.flags & CKF_WRITE_PROTECTED));
  CHECK(token.ulMaxSessionCount == CK_EFFECTIVELY_INFINITE && token.ulMaxRwSessionCount == CK_EFFECTIVELY_INFINITE);
  check_counts(0, 0);
  CK_SESSION_HANDLE r = 0, w = 0, other = 0;
  CHECK(p->C_OpenSession(0, CKF_RW_SESSION, NULL, NULL, &other) == CKR_SESSION_PARALLEL_NOT_SUPPORTED);
  CHECK(p->C_OpenSession(1, rw, NULL, NULL, &other) == CKR_SLOT_ID_INVALID && other == 0);
  CHECK(p->C_OpenSession(0, ro, NULL, NULL, &r) == CKR_OK);
  CHECK(p->C_OpenSession(0, rw, NULL, NULL, &w) == CKR_OK && w != r);
  check_counts(2, 1);
  check_state(r, ro, CKS_RO_PUBLIC_SESSION);
  check_state(w, rw, CKS_RW_PUBLIC_SESSION);

  /* A read/write session finds and signs as a read-only one does, and writes nothing. */
  CK_OBJECT_HANDLE all[16];
  CHECK(find(w, NULL, 0, all) == find(r, NULL, 0, all) && find(w, NULL, 0, all) == 7);
  CK_OBJECT_HANDLE key = find_key(w, CKO_PRIVATE_KEY, "Alice"), object = 0, public_key = 0;
  CK_MECHANISM sha256_rsa = {CKM_SHA256_RSA_PKCS, NULL, 0};
  unsigned char sig[512];
  CK_ULONG len = sizeof sig;
  CHECK(sign_once(w, &sha256_rsa, key, "abc", 3, sig, &len) == CKR_OK && len == 256);
  CK_OBJECT_CLASS cert = CKO_CERTIFICATE;
  CK_BBOOL yes = CK_TRUE;
  CK_ATTRIBUTE template[] = {{CKA_CLASS, &cert, sizeof cert}, {CKA_TOKEN, &yes, sizeof yes}};
  CK_MECHANISM generate = {0x0UL /* CKM_RSA_PKCS_KEY_PAIR_GEN */, NULL, 0};
  CHECK(p->C_CreateObject(w, template, 2, &object) == CKR_FUNCTION_NOT_SUPPORTED);
  CHECK(p->C_CopyObject(w, key, template, 1, &object) == CKR_FUNCTION_NOT_SUPPORTED);
  CHECK(p->C_SetAttributeValue(w, key, &template[1], 1) == CKR_FUNCTION_NOT_SUPPORTED);
  CHECK(p->C_DestroyObject(w, key) == CKR_FUNCTION_NOT_SUPPORTED);
  CHECK(p->C_GenerateKey(w, &generate, template, 2, &object) == CKR_FUNCTION_NOT_SUPPORTED);
  CHECK(p->C_GenerateKeyPair(w, &generate, template, 2, template, 2, &public_key, &object) == CKR_FUNCTION_NOT_SUPPORTED);
  CHECK(p->C_InitPIN(w, (CK_UTF8CHAR_PTR) "1234", 4) == CKR_FUNCTION_NOT_SUPPORTED);
  CHECK(p->C_SetPIN(w, (CK_UTF8CHAR_PTR) "1234", 4, (CK_UTF8CHAR_PTR) "5678", 4) == CKR_FUNCTION_NOT_SUPPORTED);
  CHECK(object == 0 && public_key == 0 && find(w, NULL, 0, all) == 7);

  /* No SO: refused beside a read-only session (from either session), then for want of an SO PIN. */
  CHECK(p->C_Login(w, CKU_SO, (CK_UTF8CHAR_PTR) "1234", 4) == CKR_SESSION_READ_ONLY_EXISTS);
  CHECK(p->C_Login(r, CKU_SO, (CK_UTF8CHAR_PTR) "1234", 4) == CKR_SESSION_READ_ONLY_EXISTS);
  CHECK(p->C_Login(w, 7, (CK_UTF8CHAR_PTR) "1234", 4) == CKR_USER_TYPE_INVALID);
  CHECK(p->C_CloseSession(r) == CKR_OK);
  check_counts(1, 1);
  CHECK(p->C_Login(w, CKU_SO, (CK_UTF8CHAR_PTR) "1234", 4) == CKR_PIN_INCORRECT);
  CHECK(p->C_Login(w, CKU_SO, NULL, 0) == CKR_PIN_INCORRECT);
  check_state(w, rw, CKS_RW_PUBLIC_SESSION);

  /* The user's login applies to every session, read/write or read-only, open or opened later. */
  CHECK(p->C_Login(w, CKU_USER, (CK_UTF8CHAR_PTR) "1234", 4) == CKR_OK);
  check_state(w, rw, CKS_RW_USER_FUNCTIONS);
  CHECK(p->C_Login(w, CKU_SO, (CK_UTF8CHAR_PTR) "1234", 4) == CKR_USER_ANOTHER_ALREADY_LOGGED_IN);
  CHECK(p->C_OpenSession(0, ro, NULL, NULL, &r) == CKR_OK);
  CHECK(p->C_OpenSession(0, rw, NULL, NULL, &other) == CKR_OK);
  check_counts(3, 2);
  check_state(r, ro, CKS_RO_USER_FUNCTIONS);
  check_state(other, rw, CKS_RW_USER_FUNCTIONS);
  CHECK(p->C_Login(w, CKU_SO, (CK_UTF8CHAR_PTR) "1234", 4) == CKR_SESSION_READ_ONLY_EXISTS);
  CHECK(p->C_Logout(r) == CKR_OK);
  check_state(w, rw, CKS_RW_PUBLIC_SESSION);
  check_state(r, ro, CKS_RO_PUBLIC_SESSION);
  CHECK(p->C_CloseSession(w) == CKR_OK);
  check_counts(2, 1);
  CHECK(p->C_CloseAllSessions(0) == CKR_OK);
  check_counts(0, 0);
}

/* §5.7: a sensitive, unextractable private key has its secret parts, and reveals none of them. */
static void test_sensitive_attributes(CK_SESSION_HANDLE s) {
  CK_OBJECT_HANDLE rsa = find_key(s, CKO_PRIVATE_KEY, "Alice"), ec = find_key(s, CKO_PRIVATE_KEY, "Bob");
  CK_OBJECT_HANDLE rsa_pub = find_key(s, CKO_PUBLIC_KEY, "Alice"), ec_pub = find_key(s, CKO_PUBLIC_KEY, "Bob");
  static const CK_ATTRIBUTE_TYPE secret[] = {CKA_PRIVATE_EXPONENT, CKA_PRIME_1, CKA_PRIME_2, CKA_EXPONENT_1,
                                             CKA_EXPONENT_2, CKA_COEFFICIENT};
  unsigned char buffer[512];
  for (size_t i = 0; i < sizeof secret / sizeof secret[0]; i++) {
    CK_ATTRIBUTE a = {secret[i], buffer, sizeof buffer};
    CHECK(p->C_GetAttributeValue(s, rsa, &a, 1) == CKR_ATTRIBUTE_SENSITIVE && a.ulValueLen == CK_UNAVAILABLE_INFORMATION);
    a = (CK_ATTRIBUTE){secret[i], NULL, 0};
    CHECK(p->C_GetAttributeValue(s, rsa, &a, 1) == CKR_ATTRIBUTE_SENSITIVE && a.ulValueLen == CK_UNAVAILABLE_INFORMATION);
    a = (CK_ATTRIBUTE){secret[i], buffer, sizeof buffer};
    CHECK(p->C_GetAttributeValue(s, rsa_pub, &a, 1) == CKR_ATTRIBUTE_TYPE_INVALID);
    CHECK(p->C_GetAttributeValue(s, ec, &a, 1) == CKR_ATTRIBUTE_TYPE_INVALID);
  }
  CK_ATTRIBUTE value = {CKA_VALUE, buffer, sizeof buffer};
  CHECK(p->C_GetAttributeValue(s, ec, &value, 1) == CKR_ATTRIBUTE_SENSITIVE);
  CHECK(value.ulValueLen == CK_UNAVAILABLE_INFORMATION);
  value.ulValueLen = sizeof buffer;
  CHECK(p->C_GetAttributeValue(s, ec_pub, &value, 1) == CKR_ATTRIBUTE_TYPE_INVALID);
  value.ulValueLen = sizeof buffer;
  CHECK(p->C_GetAttributeValue(s, rsa, &value, 1) == CKR_ATTRIBUTE_TYPE_INVALID); /* an RSA key has no CKA_VALUE */

  /* The other attributes of the template are still answered. */
  CK_BBOOL sensitive = CK_FALSE;
  CK_ATTRIBUTE mixed[] = {{CKA_PRIVATE_EXPONENT, buffer, sizeof buffer}, {CKA_SENSITIVE, &sensitive, 1}};
  CHECK(p->C_GetAttributeValue(s, rsa, mixed, 2) == CKR_ATTRIBUTE_SENSITIVE);
  CHECK(mixed[0].ulValueLen == CK_UNAVAILABLE_INFORMATION && mixed[1].ulValueLen == 1 && sensitive == CK_TRUE);
}

/* §4.4, §4.6-4.9: attributes every storage object, certificate, key and private key has, answered with
 * what a token holding the service's keys, and writing none, says: nothing copies or destroys, no dates of their own,
 * no key generated here. */
static void test_common_attributes(CK_SESSION_HANDLE s) {
  CK_OBJECT_CLASS cert_class = CKO_CERTIFICATE;
  CK_ATTRIBUTE is_cert = {CKA_CLASS, &cert_class, sizeof cert_class};
  CK_OBJECT_HANDLE certs[16] = {0};
  CHECK(find(s, &is_cert, 1, certs) >= 1);
  CK_OBJECT_HANDLE objects[] = {certs[0], find_key(s, CKO_PRIVATE_KEY, "Alice"), find_key(s, CKO_PUBLIC_KEY, "Alice"),
                                find_key(s, CKO_PRIVATE_KEY, "Bob"), find_key(s, CKO_PUBLIC_KEY, "Bob")};
  for (size_t i = 0; i < sizeof objects / sizeof objects[0]; i++) {
    CK_BBOOL copyable = CK_TRUE, destroyable = CK_TRUE;
    unsigned char date[8];
    CK_ATTRIBUTE storage[] = {{CKA_COPYABLE, &copyable, 1}, {CKA_DESTROYABLE, &destroyable, 1},
                              {CKA_START_DATE, date, sizeof date}, {CKA_END_DATE, date, sizeof date}};
    CHECK(p->C_GetAttributeValue(s, objects[i], storage, 4) == CKR_OK);
    CHECK(copyable == CK_FALSE && destroyable == CK_FALSE && storage[2].ulValueLen == 0 && storage[3].ulValueLen == 0);
    CK_MECHANISM_TYPE generated = 0;
    CK_ATTRIBUTE key_gen = {CKA_KEY_GEN_MECHANISM, &generated, sizeof generated};
    CHECK(p->C_GetAttributeValue(s, objects[i], &key_gen, 1) == (i == 0 ? CKR_ATTRIBUTE_TYPE_INVALID : CKR_OK));
    CHECK(i == 0 || generated == CK_UNAVAILABLE_INFORMATION);
    CK_BBOOL trusted_only = CK_TRUE;
    CK_ATTRIBUTE wrap_with_trusted = {CKA_WRAP_WITH_TRUSTED, &trusted_only, 1};
    CK_RV private = p->C_GetAttributeValue(s, objects[i], &wrap_with_trusted, 1);
    CHECK(i == 1 || i == 3 ? private == CKR_OK && trusted_only == CK_FALSE : private == CKR_ATTRIBUTE_TYPE_INVALID);
  }
}

/* §5.16: the legacy parallel functions. */
static void test_parallel_functions(CK_SESSION_HANDLE s) {
  CHECK(p->C_GetFunctionStatus(s) == CKR_FUNCTION_NOT_PARALLEL);
  CHECK(p->C_CancelFunction(s) == CKR_FUNCTION_NOT_PARALLEL);
}

/* §5.12 and the mechanisms' own sections: which keys sign, which mechanisms take parameters or parts. */
static void test_sign_rules(CK_SESSION_HANDLE s) {
  CK_OBJECT_HANDLE rsa = find_key(s, CKO_PRIVATE_KEY, "Alice"), ec = find_key(s, CKO_PRIVATE_KEY, "Bob");
  CK_OBJECT_HANDLE rsa_pub = find_key(s, CKO_PUBLIC_KEY, "Alice"), cert = find_key(s, CKO_CERTIFICATE, "Alice");
  CK_MECHANISM hash_and_sign = {CKM_SHA256_RSA_PKCS, NULL, 0};
  unsigned char sig[512], digest[32];
  CK_ULONG len;
  memset(digest, 7, sizeof digest);

  CHECK(p->C_SignInit(s, &hash_and_sign, rsa_pub) == CKR_KEY_FUNCTION_NOT_PERMITTED);
  CHECK(p->C_SignInit(s, &hash_and_sign, cert) == CKR_KEY_HANDLE_INVALID);
  CHECK(p->C_SignInit(s, &hash_and_sign, 9999) == CKR_KEY_HANDLE_INVALID);

  /* Only PSS takes a parameter. */
  CK_ULONG stray = 1;
  CK_MECHANISM with_parameter = {CKM_SHA256_RSA_PKCS, &stray, sizeof stray};
  CHECK(p->C_SignInit(s, &with_parameter, rsa) == CKR_MECHANISM_PARAM_INVALID);
  with_parameter.mechanism = CKM_RSA_PKCS;
  CHECK(p->C_SignInit(s, &with_parameter, rsa) == CKR_MECHANISM_PARAM_INVALID);
  with_parameter = (CK_MECHANISM){CKM_ECDSA, NULL, 4};
  CHECK(p->C_SignInit(s, &with_parameter, ec) == CKR_MECHANISM_PARAM_INVALID);
  CK_RSA_PKCS_PSS_PARAMS pss = {CKM_SHA256, CKG_MGF1_SHA256, 32};
  CK_MECHANISM pss_mechanism = {CKM_RSA_PKCS_PSS, &pss, sizeof pss};
  len = sizeof sig;
  CHECK(sign_once(s, &pss_mechanism, rsa, digest, sizeof digest, sig, &len) == CKR_OK && len == 256);

  /* C_Sign does not end a multi-part operation: the operation ends instead. */
  CHECK(p->C_SignInit(s, &hash_and_sign, rsa) == CKR_OK);
  CHECK(p->C_SignUpdate(s, (CK_BYTE_PTR) "a", 1) == CKR_OK);
  len = sizeof sig;
  CHECK(p->C_Sign(s, (CK_BYTE_PTR) "b", 1, sig, &len) == CKR_OPERATION_NOT_INITIALIZED);
  CHECK(p->C_SignFinal(s, sig, &len) == CKR_OPERATION_NOT_INITIALIZED);

  /* The single-part mechanisms take no C_SignUpdate; the operation ends. */
  CK_MECHANISM single[] = {{CKM_RSA_PKCS, NULL, 0}, {CKM_ECDSA, NULL, 0}, {CKM_RSA_PKCS_PSS, &pss, sizeof pss}};
  CK_OBJECT_HANDLE keys[] = {rsa, ec, rsa};
  for (size_t i = 0; i < 3; i++) {
    CHECK(p->C_SignInit(s, &single[i], keys[i]) == CKR_OK);
    CHECK(p->C_SignUpdate(s, digest, sizeof digest) == CKR_FUNCTION_NOT_SUPPORTED);
    len = sizeof sig;
    CHECK(p->C_SignFinal(s, sig, &len) == CKR_OPERATION_NOT_INITIALIZED);
    len = sizeof sig;
    CHECK(sign_once(s, &single[i], keys[i], digest, sizeof digest, sig, &len) == CKR_OK); /* and one-part still signs */
  }
}

int main(int argc, char **argv) {
  if (argc != 2) return 2;
  if (harness_start(argv[1]) != 0) return check_result("module_spec_test");
  CHECK(p->C_Initialize(NULL) == CKR_OK);
  test_sessions();
  CK_SESSION_HANDLE s;
  CHECK(p->C_OpenSession(0, CKF_SERIAL_SESSION, NULL, NULL, &s) == CKR_OK);
  test_sensitive_attributes(s);
  test_common_attributes(s);
  test_parallel_functions(s);
  test_sign_rules(s);
  CHECK(p->C_Finalize(NULL) == CKR_OK);
  check_failures += harness_finish();
  return check_result("module_spec_test");
}
