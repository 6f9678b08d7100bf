/* What the module answers, for the conformance table (client-fx's PeerSuitesTest builds and runs this
 * against the real agent): every CK_FUNCTION_LIST function called once in a logged-in read-only session,
 * the info, slot and token flags, each mechanism's info, and the attributes given as arguments (hex)
 * asked of the first object of each class and key type. One line each, numbers in hex:
 *   function NAME RV | info VERSION FLAGS | slot FLAGS | token FLAGS | mechanism TYPE MIN MAX FLAGS
 *   attribute CLASS KEY_TYPE TYPE RV VALUE   (KEY_TYPE: the certificate type for a certificate; VALUE: a
 *   one-byte value, "empty", or - for any other)
 * Usage: conformance_probe MODULE PIN ATTRIBUTE... */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pkcs11.h"

#define CKF_DONT_BLOCK 1UL
#define CKM_RSA_PKCS_KEY_PAIR_GEN 0UL
#define CKM_GENERIC_SECRET_KEY_GEN 0x350UL
#define CKM_ECDH1_DERIVE 0x1050UL
#define MAX_OBJECTS 64

static CK_FUNCTION_LIST *p;

static void answer(const char *function, CK_RV rv) { printf("function %s 0x%lx\n", function, rv); }
#define CALL(name, ...) answer(#name, p->name(__VA_ARGS__))

static CK_ULONG ulong_attribute(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE o, CK_ATTRIBUTE_TYPE type) {
  CK_ULONG value = CK_UNAVAILABLE_INFORMATION;
  CK_ATTRIBUTE a = {type, &value, sizeof value};
  return p->C_GetAttributeValue(s, o, &a, 1) == CKR_OK ? value : CK_UNAVAILABLE_INFORMATION;
}

/* The attributes of the first object of each class and key (or certificate) type. */
static void attributes(CK_SESSION_HANDLE s, const CK_OBJECT_HANDLE *objects, CK_ULONG count, int argc, char **argv) {
  CK_ULONG seen[MAX_OBJECTS][2];
  size_t kinds = 0;
  for (CK_ULONG i = 0; i < count; i++) {
    CK_ULONG cls = ulong_attribute(s, objects[i], CKA_CLASS);
    CK_ULONG type = ulong_attribute(s, objects[i], cls == CKO_CERTIFICATE ? CKA_CERTIFICATE_TYPE : CKA_KEY_TYPE);
    int known = 0;
    for (size_t k = 0; k < kinds; k++) known |= seen[k][0] == cls && seen[k][1] == type;
    if (known) continue;
    seen[kinds][0] = cls, seen[kinds][1] = type, kinds++;
    for (int a = 3; a < argc; a++) {
      unsigned char buffer[4096];
      CK_ATTRIBUTE attribute = {strtoul(argv[a], NULL, 16), buffer, sizeof buffer};
      CK_RV rv = p->C_GetAttributeValue(s, objects[i], &attribute, 1);
      printf("attribute 0x%lx 0x%lx 0x%lx 0x%lx ", cls, type, attribute.type, rv);
      if (rv == CKR_OK && attribute.ulValueLen == 1) printf("0x%x\n", buffer[0]);
      else printf(rv == CKR_OK && attribute.ulValueLen == 0 ? "empty\n" : "-\n");
    }
  }
}

static CK_OBJECT_HANDLE first_of(CK_SESSION_HANDLE s, const CK_OBJECT_HANDLE *objects, CK_ULONG count,
                                 CK_OBJECT_CLASS cls, CK_KEY_TYPE key_type) {
  for (CK_ULONG i = 0; i < count; i++) {
    if (ulong_attribute(s, objects[i], CKA_CLASS) == cls && ulong_attribute(s, objects[i], CKA_KEY_TYPE) == key_type) {
      return objects[i];
    }
  }
  return 0;
}

static void token(void) {
  CK_INFO info;
  CK_SLOT_INFO slot;
  CK_TOKEN_INFO token;
  CK_SLOT_ID slots[4];
  CK_ULONG count = 4;
  CK_MECHANISM_TYPE mechanisms[64];
  CALL(C_GetInfo, &info);
  printf("info %u.%u 0x%lx\n", info.cryptokiVersion.major, info.cryptokiVersion.minor, info.flags);
  CALL(C_GetSlotList, CK_TRUE, slots, &count);
  CALL(C_GetSlotInfo, 0, &slot);
  printf("slot 0x%lx\n", slot.flags);
  CALL(C_GetTokenInfo, 0, &token);
  printf("token 0x%lx\n", token.flags);
  count = 64;
  CALL(C_GetMechanismList, 0, mechanisms, &count);
  for (CK_ULONG i = 0; i < count; i++) {
    CK_MECHANISM_INFO m;
    CK_RV rv = p->C_GetMechanismInfo(0, mechanisms[i], &m);
    if (i == 0) answer("C_GetMechanismInfo", rv);
    printf("mechanism 0x%lx 0x%lx 0x%lx 0x%lx\n", mechanisms[i], m.ulMinKeySize, m.ulMaxKeySize, m.flags);
  }
  CALL(C_InitToken, 0, (CK_UTF8CHAR_PTR) "1234", 4, (CK_UTF8CHAR_PTR) "Signing Manager                 ");
  CALL(C_WaitForSlotEvent, CKF_DONT_BLOCK, slots, NULL);
}

/* Everything else in one session, logged in: the key functions with the RSA key, the others as the
 * specification has them called. */
static void session(const char *pin, int argc, char **argv) {
  CK_SESSION_HANDLE s = 0;
  CK_SESSION_INFO info;
  CK_OBJECT_HANDLE objects[MAX_OBJECTS], object = 0;
  CK_ULONG count = 0, length = 0;
  CK_BYTE data[1024] = {0}, out[1024];
  CK_UTF8CHAR_PTR user = (CK_UTF8CHAR_PTR) pin;
  CK_ULONG pin_length = strlen(pin);
  CK_MECHANISM sign = {CKM_SHA256_RSA_PKCS, NULL, 0}, rsa = {CKM_RSA_PKCS, NULL, 0}, digest = {CKM_SHA256, NULL, 0};
  CK_MECHANISM generate = {CKM_GENERIC_SECRET_KEY_GEN, NULL, 0}, pair = {CKM_RSA_PKCS_KEY_PAIR_GEN, NULL, 0};
  CK_MECHANISM derive = {CKM_ECDH1_DERIVE, NULL, 0};
  CK_OBJECT_CLASS data_class = 0; /* CKO_DATA */
  CK_ATTRIBUTE template = {CKA_CLASS, &data_class, sizeof data_class};

  CALL(C_OpenSession, 0, CKF_SERIAL_SESSION, NULL, NULL, &s);
  CALL(C_GetSessionInfo, s, &info);
  CALL(C_Login, s, CKU_USER, user, pin_length);
  CALL(C_InitPIN, s, user, pin_length);
  CALL(C_SetPIN, s, user, pin_length, user, pin_length);
  length = sizeof out;
  CALL(C_GetOperationState, s, out, &length);
  CALL(C_SetOperationState, s, out, 0, 0, 0);
  CALL(C_FindObjectsInit, s, NULL, 0);
  CALL(C_FindObjects, s, objects, MAX_OBJECTS, &count);
  CALL(C_FindObjectsFinal, s);
  CK_OBJECT_HANDLE key = first_of(s, objects, count, CKO_PRIVATE_KEY, CKK_RSA);
  CK_OBJECT_HANDLE public = first_of(s, objects, count, CKO_PUBLIC_KEY, CKK_RSA);
  CALL(C_GetAttributeValue, s, key, &template, 1);
  attributes(s, objects, count, argc, argv);

  CALL(C_CreateObject, s, &template, 1, &object);
  CALL(C_CopyObject, s, key, NULL, 0, &object);
  CALL(C_DestroyObject, s, public);
  CALL(C_GetObjectSize, s, key, &length);
  CALL(C_SetAttributeValue, s, key, &template, 1);

  length = sizeof out;
  CALL(C_EncryptInit, s, &rsa, public);
  CALL(C_Encrypt, s, data, sizeof data, out, &length);
  CALL(C_EncryptUpdate, s, data, sizeof data, out, &length);
  CALL(C_EncryptFinal, s, out, &length);
  CALL(C_DecryptInit, s, &rsa, key);
  CALL(C_Decrypt, s, out, 256, data, &length);
  CALL(C_DecryptUpdate, s, out, 256, data, &length);
  CALL(C_DecryptFinal, s, data, &length);
  CALL(C_DigestInit, s, &digest);
  CALL(C_Digest, s, data, sizeof data, out, &length);
  CALL(C_DigestUpdate, s, data, sizeof data);
  CALL(C_DigestKey, s, key);
  CALL(C_DigestFinal, s, out, &length);

  length = sizeof out;
  CALL(C_SignInit, s, &sign, key);
  CALL(C_Sign, s, data, sizeof data, out, &length);
  length = sizeof out;
  p->C_SignInit(s, &sign, key);
  CALL(C_SignUpdate, s, data, sizeof data);
  CALL(C_SignFinal, s, out, &length);
  CALL(C_SignRecoverInit, s, &rsa, key);
  CALL(C_SignRecover, s, data, sizeof data, out, &length);
  CALL(C_VerifyInit, s, &sign, public);
  CALL(C_Verify, s, data, sizeof data, out, 256);
  CALL(C_VerifyUpdate, s, data, sizeof data);
  CALL(C_VerifyFinal, s, out, 256);
  CALL(C_VerifyRecoverInit, s, &rsa, public);
  CALL(C_VerifyRecover, s, out, 256, data, &length);
  CALL(C_DigestEncryptUpdate, s, data, sizeof data, out, &length);
  CALL(C_DecryptDigestUpdate, s, out, 256, data, &length);
  CALL(C_SignEncryptUpdate, s, data, sizeof data, out, &length);
  CALL(C_DecryptVerifyUpdate, s, out, 256, data, &length);

  CALL(C_GenerateKey, s, &generate, NULL, 0, &object);
  CALL(C_GenerateKeyPair, s, &pair, NULL, 0, NULL, 0, &object, &object);
  CALL(C_WrapKey, s, &rsa, public, key, out, &length);
  CALL(C_UnwrapKey, s, &rsa, key, out, 256, NULL, 0, &object);
  CALL(C_DeriveKey, s, &derive, key, NULL, 0, &object);
  CALL(C_SeedRandom, s, data, sizeof data);
  CALL(C_GenerateRandom, s, data, sizeof data);
  CALL(C_GetFunctionStatus, s);
  CALL(C_CancelFunction, s);
  CALL(C_Logout, s);
  CALL(C_CloseSession, s);
  CALL(C_CloseAllSessions, 0);
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s MODULE PIN ATTRIBUTE...\n", argv[0]);
    return 2;
  }
  void *module = dlopen(argv[1], RTLD_NOW), *symbol = module ? dlsym(module, "C_GetFunctionList") : NULL;
  CK_RV (*get_function_list)(CK_FUNCTION_LIST_PTR_PTR) = NULL;
  memcpy(&get_function_list, &symbol, sizeof get_function_list); /* ISO C has no such cast */
  if (get_function_list == NULL) {
    fprintf(stderr, "cannot load %s: %s\n", argv[1], dlerror());
    return 2;
  }
  answer("C_GetFunctionList", get_function_list(&p));
  CALL(C_Initialize, NULL);
  token();
  session(argv[2], argc, argv);
  CALL(C_Finalize, NULL);
  return 0;
}
