/* The object table built from the agent's identities (per identity a certificate, a private and a
 * public key; then the chain's certificates, each once), their attributes, and object search. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "functions.h"
#include "hex.h"
#include "log.h"
#include "state.h"

void sm_objects_free(void) {
  free(sm.objects);
  sm.objects = NULL;
  sm.object_count = 0;
  sm_identities_free(&sm.identities);
}

static sm_object *add(sm_kind kind, const sm_identity *identity, const sm_cert *cert) {
  sm_object *o = &sm.objects[sm.object_count++];
  memset(o, 0, sizeof *o);
  o->kind = kind;
  o->identity = identity;
  o->cert = cert;
  if (identity != NULL) memcpy(o->id, identity->id, sizeof o->id);
  return o;
}

static void add_ca(const sm_cert *cert) {
  unsigned char id[20];
  sm_hash h;
  sm_hash_init(&h, SM_SHA1);
  sm_hash_update(&h, cert->der.data, cert->der.len);
  sm_hash_final(&h, id);
  for (size_t i = 0; i < sm.object_count; i++)
    if (sm.objects[i].kind == SM_CA_CERT && memcmp(sm.objects[i].id, id, sizeof id) == 0) return;
  sm_object *o = add(SM_CA_CERT, NULL, cert);
  memcpy(o->id, id, sizeof id);
  memcpy(o->ca_label, "CA ", 3);
  for (size_t i = 0; i < sizeof id; i++) snprintf(o->ca_label + 3 + 2 * i, 3, "%02X", id[i]);
}

/* The table for ids, which it takes over (or frees). */
static void install(sm_identities *ids) {
  sm_objects_free();
  size_t max = 0;
  for (size_t i = 0; i < ids->count; i++) max += 3 + ids->items[i].chain_len;
  sm.objects = calloc(max ? max : 1, sizeof *sm.objects);
  if (sm.objects == NULL) {
    sm_identities_free(ids);
    return;
  }
  sm.identities = *ids;
  for (size_t i = 0; i < ids->count; i++) {
    const sm_identity *id = &ids->items[i];
    add(SM_CERT, id, &id->cert);
    add(SM_PRIVATE_KEY, id, NULL);
    add(SM_PUBLIC_KEY, id, NULL);
  }
  for (size_t i = 0; i < ids->count; i++)
    for (size_t j = 0; j < ids->items[i].chain_len; j++) add_ca(&ids->items[i].chain[j]);
}

CK_RV sm_objects_refresh(void) {
  if (sm.refreshing) return CKR_OK;
  unsigned long generation = sm.generation;
  sm_identities ids;
  sm.refreshing = 1;
  sm.loaded_ms = sm_now_ms();
  sm_leave();
  /* Logged; when unreachable, no identities: the token stays present but empty, and the next session
   * asks again (the agent may be back by then). */
  CK_RV listed = sm_agent_list(&ids);
  CK_RV rv = sm_reenter(generation);
  if (rv != CKR_OK) {
    sm_identities_free(&ids);
    return rv;
  }
  sm.refreshing = 0;
  if (listed != CKR_OK) sm.loaded_ms = 0;
  install(&ids);
  return CKR_OK;
}

void sm_objects_agent_gone(void) {
  sm_identities none = {NULL, 0};
  sm.loaded_ms = 0;
  install(&none);
}

const sm_object *sm_object_find(CK_OBJECT_HANDLE handle) {
  return handle >= 1 && handle <= sm.object_count ? &sm.objects[handle - 1] : NULL;
}

typedef struct {
  const void *p;
  size_t len;
  CK_ULONG ul;
  CK_BBOOL b;
} value;

static int ulong_value(value *v, CK_ULONG x) {
  v->ul = x;
  v->p = &v->ul;
  v->len = sizeof v->ul;
  return 0;
}

static int bool_value(value *v, int x) {
  v->b = x ? CK_TRUE : CK_FALSE;
  v->p = &v->b;
  v->len = sizeof v->b;
  return 0;
}

static int bytes_value(value *v, const void *p, size_t len) {
  v->p = p;
  v->len = len;
  return 0;
}

/* An unsigned big-endian integer without leading zero bytes. */
static int integer_value(value *v, const sm_bytes *b) {
  size_t skip = 0;
  while (skip + 1 < b->len && b->data[skip] == 0) skip++;
  return bytes_value(v, b->data + skip, b->len - skip);
}

/* What attribute() answers for a private key's secret parts: they exist, and are never revealed (§5.7). */
#define SENSITIVE (-2)

static int cert_attribute(const sm_object *o, CK_ATTRIBUTE_TYPE type, value *v) {
  switch (type) {
  case CKA_CERTIFICATE_TYPE: return ulong_value(v, CKC_X_509);
  case CKA_VALUE: return bytes_value(v, o->cert->der.data, o->cert->der.len);
  case CKA_SUBJECT: return bytes_value(v, o->cert->subject.data, o->cert->subject.len);
  case CKA_ISSUER: return bytes_value(v, o->cert->issuer.data, o->cert->issuer.len);
  case CKA_SERIAL_NUMBER: return bytes_value(v, o->cert->serial.data, o->cert->serial.len);
  case CKA_TRUSTED: return bool_value(v, 0);
  case CKA_CERTIFICATE_CATEGORY: return ulong_value(v, o->kind == SM_CERT ? 1 : 2); /* token user, authority */
  case CKA_START_DATE: case CKA_END_DATE: return bytes_value(v, NULL, 0); /* empty: see the certificate's own dates */
  default: return -1;
  }
}

static int key_attribute(const sm_object *o, CK_ATTRIBUTE_TYPE type, value *v) {
  const sm_identity *id = o->identity;
  int private = o->kind == SM_PRIVATE_KEY, rsa = id->key_type == CKK_RSA;
  switch (type) {
  case CKA_KEY_TYPE: return ulong_value(v, id->key_type);
  case CKA_SUBJECT: return bytes_value(v, id->cert.subject.data, id->cert.subject.len);
  case CKA_LOCAL: return bool_value(v, 0);
  case CKA_DERIVE: return bool_value(v, 0);
  case CKA_START_DATE: case CKA_END_DATE: return bytes_value(v, NULL, 0); /* empty: no dates of its own */
  case CKA_KEY_GEN_MECHANISM: return ulong_value(v, CK_UNAVAILABLE_INFORMATION); /* not generated on the token */
  case CKA_SIGN: case CKA_SENSITIVE: case CKA_ALWAYS_SENSITIVE: case CKA_NEVER_EXTRACTABLE:
    return private ? bool_value(v, 1) : -1;
  case CKA_EXTRACTABLE: case CKA_ALWAYS_AUTHENTICATE: case CKA_DECRYPT: case CKA_UNWRAP: case CKA_SIGN_RECOVER:
  case CKA_WRAP_WITH_TRUSTED:
    return private ? bool_value(v, 0) : -1;
  case CKA_VERIFY: return private ? -1 : bool_value(v, 1);
  case CKA_ENCRYPT: case CKA_WRAP: case CKA_VERIFY_RECOVER: return private ? -1 : bool_value(v, 0);
  case CKA_MODULUS: return rsa ? integer_value(v, &id->key_a) : -1;
  case CKA_PUBLIC_EXPONENT: return rsa ? integer_value(v, &id->key_b) : -1;
  case CKA_MODULUS_BITS: return rsa ? ulong_value(v, id->bits) : -1;
  case CKA_EC_PARAMS: return rsa ? -1 : bytes_value(v, id->key_a.data, id->key_a.len);
  case CKA_EC_POINT: return rsa ? -1 : bytes_value(v, id->key_b.data, id->key_b.len);
  case CKA_PRIVATE_EXPONENT: case CKA_PRIME_1: case CKA_PRIME_2: case CKA_EXPONENT_1: case CKA_EXPONENT_2:
  case CKA_COEFFICIENT:
    return private && rsa ? SENSITIVE : -1;
  case CKA_VALUE: return private && !rsa ? SENSITIVE : -1;
  default: return -1;
  }
}

/* The value of one attribute; -1 when the object has none of that type, SENSITIVE for a secret part. */
static int attribute(const sm_object *o, CK_ATTRIBUTE_TYPE type, value *v) {
  static const CK_OBJECT_CLASS classes[] = {CKO_CERTIFICATE, CKO_CERTIFICATE, CKO_PRIVATE_KEY, CKO_PUBLIC_KEY};
  switch (type) {
  case CKA_CLASS: return ulong_value(v, classes[o->kind]);
  case CKA_TOKEN: return bool_value(v, 1);
  case CKA_PRIVATE: return bool_value(v, 0);
  case CKA_MODIFIABLE: case CKA_COPYABLE: case CKA_DESTROYABLE: return bool_value(v, 0); /* the token is read-only */
  case CKA_ID: return bytes_value(v, o->id, sizeof o->id);
  case CKA_LABEL:
    if (o->kind == SM_CA_CERT) return bytes_value(v, o->ca_label, strlen(o->ca_label));
    return bytes_value(v, o->identity->label.data, o->identity->label.len);
  default:
    return o->kind == SM_CERT || o->kind == SM_CA_CERT ? cert_attribute(o, type, v) : key_attribute(o, type, v);
  }
}

CK_RV C_GetAttributeValue(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject, CK_ATTRIBUTE_PTR pTemplate,
                          CK_ULONG ulCount) {
  CK_RV rv = sm_enter();
  if (rv != CKR_OK) return rv;
  const sm_object *o = sm_object_find(hObject);
  if (sm_session_find(hSession) == NULL) rv = CKR_SESSION_HANDLE_INVALID;
  else if (pTemplate == NULL && ulCount > 0) rv = CKR_ARGUMENTS_BAD;
  else if (o == NULL) rv = CKR_OBJECT_HANDLE_INVALID;
  else {
    for (CK_ULONG i = 0; i < ulCount; i++) {
      CK_ATTRIBUTE *a = &pTemplate[i];
      value v;
      int found = attribute(o, a->type, &v);
      if (found != 0) {
        a->ulValueLen = CK_UNAVAILABLE_INFORMATION;
        rv = found == SENSITIVE ? CKR_ATTRIBUTE_SENSITIVE : CKR_ATTRIBUTE_TYPE_INVALID;
      } else if (a->pValue == NULL) {
        a->ulValueLen = v.len;
      } else if (a->ulValueLen < v.len) {
        a->ulValueLen = CK_UNAVAILABLE_INFORMATION;
        rv = CKR_BUFFER_TOO_SMALL;
      } else {
        if (v.len) memcpy(a->pValue, v.p, v.len);
        a->ulValueLen = v.len;
      }
    }
  }
  sm_leave();
  return rv;
}

static int matches(const sm_object *o, const CK_ATTRIBUTE *template, CK_ULONG count) {
  for (CK_ULONG i = 0; i < count; i++) {
    value v;
    if (attribute(o, template[i].type, &v) != 0 || template[i].ulValueLen != v.len) return 0;
    if (v.len && (template[i].pValue == NULL || memcmp(template[i].pValue, v.p, v.len) != 0)) return 0;
  }
  return 1;
}

/* A search by CKA_ID that no object of any class has: the tool was told a certificate the token does
 * not have (not this machine's, inactive, a typo), and says only that it found nothing. */
static void say_unknown_id(const CK_ATTRIBUTE *template, CK_ULONG count) {
  for (CK_ULONG i = 0; i < count; i++) {
    if (template[i].type != CKA_ID || template[i].pValue == NULL || template[i].ulValueLen == 0) continue;
    for (size_t j = 0; j < sm.object_count; j++)
      if (matches(&sm.objects[j], &template[i], 1)) return;
    char hex[2 * 64 + 4];
    size_t len = template[i].ulValueLen > 64 ? 64 : template[i].ulValueLen;
    sm_hex_encode(template[i].pValue, len, hex);
    for (char *c = hex; *c; c++) *c = (char)toupper((unsigned char)*c); /* as signing-manager -r shows SHA-1s */
    sm_log("no certificate or key with the SHA-1 %s%s on the token (it has %zu); `signing-manager -r` lists this "
           "machine's certificates", hex, len < template[i].ulValueLen ? "..." : "", sm.identities.count);
    return;
  }
}

CK_RV C_FindObjectsInit(CK_SESSION_HANDLE hSession, CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulCount) {
  CK_RV rv = sm_enter();
  if (rv != CKR_OK) return rv;
  sm_session *s = sm_session_find(hSession);
  if (s == NULL) rv = CKR_SESSION_HANDLE_INVALID;
  else if (pTemplate == NULL && ulCount > 0) rv = CKR_ARGUMENTS_BAD;
  else if (s->finding) rv = CKR_OPERATION_ACTIVE;
  else if ((s->found = calloc(sm.object_count ? sm.object_count : 1, sizeof *s->found)) == NULL) rv = CKR_HOST_MEMORY;
  else {
    s->finding = 1;
    s->found_count = s->found_pos = 0;
    for (size_t i = 0; i < sm.object_count; i++)
      if (matches(&sm.objects[i], pTemplate, ulCount)) s->found[s->found_count++] = i + 1;
    if (s->found_count == 0) say_unknown_id(pTemplate, ulCount);
  }
  sm_leave();
  return rv;
}

CK_RV C_FindObjects(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE_PTR phObject, CK_ULONG ulMaxObjectCount,
                    CK_ULONG_PTR pulObjectCount) {
  CK_RV rv = sm_enter();
  if (rv != CKR_OK) return rv;
  sm_session *s = sm_session_find(hSession);
  if (s == NULL) rv = CKR_SESSION_HANDLE_INVALID;
  else if ((phObject == NULL && ulMaxObjectCount > 0) || pulObjectCount == NULL) rv = CKR_ARGUMENTS_BAD;
  else if (!s->finding) rv = CKR_OPERATION_NOT_INITIALIZED;
  else {
    CK_ULONG n = 0;
    while (n < ulMaxObjectCount && s->found_pos < s->found_count) phObject[n++] = s->found[s->found_pos++];
    *pulObjectCount = n;
  }
  sm_leave();
  return rv;
}

CK_RV C_FindObjectsFinal(CK_SESSION_HANDLE hSession) {
  CK_RV rv = sm_enter();
  if (rv != CKR_OK) return rv;
  sm_session *s = sm_session_find(hSession);
  if (s == NULL) rv = CKR_SESSION_HANDLE_INVALID;
  else if (!s->finding) rv = CKR_OPERATION_NOT_INITIALIZED;
  else {
    free(s->found);
    s->found = NULL;
    s->finding = 0;
  }
  sm_leave();
  return rv;
}
