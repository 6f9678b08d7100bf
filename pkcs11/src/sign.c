/* Mechanisms and signing. Hash-and-sign mechanisms hash here and send only the digest; the agent is
 * asked once per signature, at Sign or SignFinal, never for a size query, and never with the lock held. */
#include <stdlib.h>
#include <string.h>

#include "der.h"
#include "functions.h"
#include "state.h"

typedef struct {
  CK_MECHANISM_TYPE mechanism;
  CK_KEY_TYPE key_type;
  int hashing;
  sm_hash_alg hash;
  const char *algorithm; /* NULL: by the parameters (PSS) or the digest's length (ECDSA, X9.62 truncating any) */
} mechanism;

static const mechanism mechanisms[] = {
    {CKM_RSA_PKCS, CKK_RSA, 0, SM_SHA1, "RSA_PKCS1_RAW"},
    {CKM_SHA1_RSA_PKCS, CKK_RSA, 1, SM_SHA1, "RSA_PKCS1_SHA1"},
    {CKM_SHA256_RSA_PKCS, CKK_RSA, 1, SM_SHA256, "RSA_PKCS1_SHA256"},
    {CKM_SHA384_RSA_PKCS, CKK_RSA, 1, SM_SHA384, "RSA_PKCS1_SHA384"},
    {CKM_SHA512_RSA_PKCS, CKK_RSA, 1, SM_SHA512, "RSA_PKCS1_SHA512"},
    {CKM_RSA_PKCS_PSS, CKK_RSA, 0, SM_SHA1, NULL},
    {CKM_ECDSA, CKK_EC, 0, SM_SHA1, NULL},
    {CKM_ECDSA_SHA256, CKK_EC, 1, SM_SHA256, "ECDSA_SHA256"},
    {CKM_ECDSA_SHA384, CKK_EC, 1, SM_SHA384, "ECDSA_SHA384"},
    {CKM_ECDSA_SHA512, CKK_EC, 1, SM_SHA512, "ECDSA_SHA512"},
};
#define MECHANISM_COUNT (sizeof mechanisms / sizeof mechanisms[0])

/* PSS as the service does it: MGF1 with the same hash, salt as long as the hash. */
static const struct {
  CK_MECHANISM_TYPE hash;
  CK_RSA_PKCS_MGF_TYPE mgf;
  CK_ULONG len;
  const char *algorithm;
} pss[] = {
    {CKM_SHA256, CKG_MGF1_SHA256, 32, "RSA_PSS_SHA256"},
    {CKM_SHA384, CKG_MGF1_SHA384, 48, "RSA_PSS_SHA384"},
    {CKM_SHA512, CKG_MGF1_SHA512, 64, "RSA_PSS_SHA512"},
};

CK_RV C_GetMechanismList(CK_SLOT_ID slotID, CK_MECHANISM_TYPE_PTR pMechanismList, CK_ULONG_PTR pulCount) {
  CK_RV rv = sm_enter();
  if (rv != CKR_OK) return rv;
  CK_ULONG count = MECHANISM_COUNT + 1; /* and CKM_SHA256, which JDK 17 looks for before PSS */
  if (slotID != SM_SLOT_ID) rv = CKR_SLOT_ID_INVALID;
  else if (pulCount == NULL) rv = CKR_ARGUMENTS_BAD;
  else if (pMechanismList != NULL && *pulCount < count) rv = CKR_BUFFER_TOO_SMALL;
  else if (pMechanismList != NULL) {
    for (size_t i = 0; i < MECHANISM_COUNT; i++) pMechanismList[i] = mechanisms[i].mechanism;
    pMechanismList[MECHANISM_COUNT] = CKM_SHA256;
  }
  if (pulCount != NULL && (rv == CKR_OK || rv == CKR_BUFFER_TOO_SMALL)) *pulCount = count;
  sm_leave();
  return rv;
}

static const mechanism *find_mechanism(CK_MECHANISM_TYPE type) {
  for (size_t i = 0; i < MECHANISM_COUNT; i++)
    if (mechanisms[i].mechanism == type) return &mechanisms[i];
  return NULL;
}

CK_RV C_GetMechanismInfo(CK_SLOT_ID slotID, CK_MECHANISM_TYPE type, CK_MECHANISM_INFO_PTR pInfo) {
  CK_RV rv = sm_enter();
  if (rv != CKR_OK) return rv;
  const mechanism *m = find_mechanism(type);
  if (slotID != SM_SLOT_ID) rv = CKR_SLOT_ID_INVALID;
  else if (pInfo == NULL) rv = CKR_ARGUMENTS_BAD;
  else if (type == CKM_SHA256) *pInfo = (CK_MECHANISM_INFO){0, 0, 0}; /* listed, never used */
  else if (m == NULL) rv = CKR_MECHANISM_INVALID;
  else if (m->key_type == CKK_RSA) *pInfo = (CK_MECHANISM_INFO){1024, 16384, CKF_SIGN};
  else *pInfo = (CK_MECHANISM_INFO){256, 521, CKF_SIGN};
  sm_leave();
  return rv;
}

static CK_RV start(sm_sign_op *op, const CK_MECHANISM *mech, const sm_object *key) {
  const mechanism *m = find_mechanism(mech->mechanism);
  if (m == NULL) return CKR_MECHANISM_INVALID;
  if (key == NULL || (key->kind != SM_PRIVATE_KEY && key->kind != SM_PUBLIC_KEY)) return CKR_KEY_HANDLE_INVALID;
  if (key->kind == SM_PUBLIC_KEY) return CKR_KEY_FUNCTION_NOT_PERMITTED; /* a key whose CKA_SIGN is false */
  const sm_identity *id = key->identity;
  if (id->key_type != m->key_type) return CKR_KEY_TYPE_INCONSISTENT;
  if (m->mechanism != CKM_RSA_PKCS_PSS && (mech->pParameter != NULL || mech->ulParameterLen != 0))
    return CKR_MECHANISM_PARAM_INVALID; /* only PSS takes parameters */
  memset(op, 0, sizeof *op);
  op->algorithm = m->algorithm;
  if (m->mechanism == CKM_RSA_PKCS_PSS) {
    const CK_RSA_PKCS_PSS_PARAMS *p = mech->pParameter;
    if (p == NULL || mech->ulParameterLen != sizeof *p) return CKR_MECHANISM_PARAM_INVALID;
    for (size_t i = 0; i < sizeof pss / sizeof pss[0]; i++)
      if (p->hashAlg == pss[i].hash && p->mgf == pss[i].mgf && p->sLen == pss[i].len) {
        op->algorithm = pss[i].algorithm;
        op->input_needed = pss[i].len;
      }
    if (op->algorithm == NULL) return CKR_MECHANISM_PARAM_INVALID;
  }
  op->mechanism = m->mechanism;
  op->hashing = m->hashing;
  if (m->hashing) sm_hash_init(&op->hash, m->hash);
  memcpy(op->sha1, id->sha1, sizeof op->sha1);
  op->key_type = id->key_type;
  op->sig_len = id->key_type == CKK_RSA ? (id->bits + 7) / 8 : 2 * ((id->bits + 7) / 8);
  op->active = 1;
  return CKR_OK;
}

static CK_RV update(sm_sign_op *op, const unsigned char *data, size_t len) {
  if (op->hashing) {
    sm_hash_update(&op->hash, data, len);
    return CKR_OK;
  }
  if (len > sizeof op->input - op->input_len) return CKR_DATA_LEN_RANGE;
  if (len) memcpy(op->input + op->input_len, data, len);
  op->input_len += len;
  return CKR_OK;
}

/* What a signature needs once the lock is released: nothing in it points into the session. */
typedef struct {
  char sha1[41];
  const char *algorithm; /* static */
  unsigned char data[sizeof ((sm_sign_op *)0)->input];
  size_t len;
  CK_KEY_TYPE key_type;
  size_t sig_len;
} request;

#define SIG_MAX (2 * SM_MAX_BITS / 8)

/* The digest (or DigestInfo) to send and the service's algorithm for it. */
static CK_RV prepare(sm_sign_op *op, request *r) {
  memcpy(r->sha1, op->sha1, sizeof r->sha1);
  r->key_type = op->key_type;
  r->sig_len = op->sig_len;
  r->algorithm = op->algorithm;
  if (op->hashing) {
    sm_hash_final(&op->hash, r->data);
    r->len = sm_hash_size(op->hash.alg);
    return CKR_OK;
  }
  memcpy(r->data, op->input, op->input_len);
  r->len = op->input_len;
  if (op->mechanism == CKM_ECDSA) { /* a SHA-2 digest's length names its hash in the audit; any other is raw */
    r->algorithm = r->len == 32 ? "ECDSA_SHA256" : r->len == 48 ? "ECDSA_SHA384" : r->len == 64 ? "ECDSA_SHA512" : "ECDSA_RAW";
    return r->len > 0 ? CKR_OK : CKR_DATA_LEN_RANGE;
  }
  if (op->input_needed) return r->len == op->input_needed ? CKR_OK : CKR_DATA_LEN_RANGE;
  return r->len > 0 && r->len + 11 <= op->sig_len ? CKR_OK : CKR_DATA_LEN_RANGE; /* PKCS#1 v1.5 padding */
}

/* Asks the agent (on a connection of this call's own, without the lock) and writes the signature
 * to out (r->sig_len bytes) as PKCS#11 has it: RSA exactly as long as the modulus, as the protocol
 * says the agent sends it; ECDSA turned from DER into fixed-width r||s. Anything else is the
 * agent's fault (CKR_DEVICE_ERROR), and out holds nothing of it. */
static CK_RV ask(const request *r, unsigned char *out) {
  unsigned char *sig = NULL, raw[SIG_MAX];
  size_t sig_len = 0;
  CK_RV rv = sm_agent_sign(r->sha1, r->algorithm, r->data, r->len, &sig, &sig_len);
  if (rv != CKR_OK) return rv;
  if (r->key_type == CKK_EC) {
    if (sm_ecdsa_der_to_raw(sig, sig_len, r->sig_len / 2, raw) != 0) {
      sm_log("the agent's ECDSA signature is not the DER of a signature for this key");
      rv = CKR_DEVICE_ERROR;
    } else {
      memcpy(out, raw, r->sig_len);
    }
  } else if (sig_len != r->sig_len) {
    sm_log("the agent's RSA signature has %zu bytes, not the %zu of the key's modulus", sig_len, r->sig_len);
    rv = CKR_DEVICE_ERROR;
  } else {
    memcpy(out, sig, sig_len);
  }
  free(sig);
  return rv;
}

CK_RV C_SignInit(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hKey) {
  CK_RV rv = sm_enter();
  if (rv != CKR_OK) return rv;
  sm_session *s = sm_session_find(hSession);
  if (s == NULL) rv = CKR_SESSION_HANDLE_INVALID;
  else if (pMechanism == NULL) rv = CKR_ARGUMENTS_BAD;
  else if (s->sign.active) rv = CKR_OPERATION_ACTIVE;
  else if ((rv = start(&s->sign, pMechanism, sm_object_find(hKey))) != CKR_OK) memset(&s->sign, 0, sizeof s->sign);
  sm_leave();
  return rv;
}

/* Sign (with data) or SignFinal (data NULL, len 0). A size query (NULL or short buffer) answers the
 * exact length without asking the agent and keeps the operation. Otherwise the operation is marked
 * busy and the agent asked without the lock; the answer is taken only if the session still exists. */
static CK_RV sign(CK_SESSION_HANDLE hSession, int single, CK_BYTE_PTR pData, CK_ULONG ulDataLen,
                  CK_BYTE_PTR pSignature, CK_ULONG_PTR pulSignatureLen) {
  request r;
  int asking = 0;
  CK_RV rv = sm_enter();
  if (rv != CKR_OK) return rv;
  sm_session *s = sm_session_find(hSession);
  if (s == NULL) rv = CKR_SESSION_HANDLE_INVALID;
  else if (!s->sign.active) rv = CKR_OPERATION_NOT_INITIALIZED;
  else if (s->sign.busy) rv = CKR_OPERATION_ACTIVE;
  else if (single && s->sign.multi_part) {
    rv = CKR_OPERATION_NOT_INITIALIZED; /* C_Sign does not end a multi-part operation: it ends here, as in SoftHSM */
    memset(&s->sign, 0, sizeof s->sign);
  } else if (pulSignatureLen == NULL || (single && pData == NULL && ulDataLen > 0)) rv = CKR_ARGUMENTS_BAD;
  else if (pSignature == NULL) *pulSignatureLen = s->sign.sig_len;
  else if (*pulSignatureLen < s->sign.sig_len) {
    *pulSignatureLen = s->sign.sig_len;
    rv = CKR_BUFFER_TOO_SMALL;
  } else {
    if (single) rv = update(&s->sign, pData, ulDataLen);
    if (rv == CKR_OK) rv = prepare(&s->sign, &r);
    if (rv == CKR_OK) s->sign.busy = asking = 1;
    else memset(&s->sign, 0, sizeof s->sign);
  }
  unsigned long generation = sm.generation;
  sm_leave();
  if (!asking) return rv;

  unsigned char out[SIG_MAX];
  rv = ask(&r, out);
  CK_RV now = sm_reenter(generation);
  if (now != CKR_OK) return now;
  if (rv == CKR_DEVICE_REMOVED) sm_objects_agent_gone();
  if ((s = sm_session_find(hSession)) == NULL) {
    rv = CKR_SESSION_CLOSED;
  } else {
    if (rv == CKR_OK) {
      memcpy(pSignature, out, r.sig_len);
      *pulSignatureLen = r.sig_len;
    }
    memset(&s->sign, 0, sizeof s->sign);
  }
  sm_leave();
  return rv;
}

CK_RV C_Sign(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData, CK_ULONG ulDataLen, CK_BYTE_PTR pSignature,
             CK_ULONG_PTR pulSignatureLen) {
  return sign(hSession, 1, pData, ulDataLen, pSignature, pulSignatureLen);
}

CK_RV C_SignFinal(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pSignature, CK_ULONG_PTR pulSignatureLen) {
  return sign(hSession, 0, NULL, 0, pSignature, pulSignatureLen);
}

CK_RV C_SignUpdate(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart, CK_ULONG ulPartLen) {
  CK_RV rv = sm_enter();
  if (rv != CKR_OK) return rv;
  sm_session *s = sm_session_find(hSession);
  if (s == NULL) rv = CKR_SESSION_HANDLE_INVALID;
  else if (!s->sign.active) rv = CKR_OPERATION_NOT_INITIALIZED;
  else if (s->sign.busy) rv = CKR_OPERATION_ACTIVE;
  else if (pPart == NULL && ulPartLen > 0) rv = CKR_ARGUMENTS_BAD;
  else if (!s->sign.hashing) {
    rv = CKR_FUNCTION_NOT_SUPPORTED; /* CKM_RSA_PKCS, CKM_ECDSA and PSS are single-part: the operation ends */
    memset(&s->sign, 0, sizeof s->sign);
  } else if ((rv = update(&s->sign, pPart, ulPartLen)) != CKR_OK) memset(&s->sign, 0, sizeof s->sign);
  else s->sign.multi_part = 1;
  sm_leave();
  return rv;
}
