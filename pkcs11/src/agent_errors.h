/* The agent's error codes ("ERR <code> <message-hex>", docs/agent-protocol.md) and the PKCS#11 value
 * the module returns for each. One list in three places: this one, the document's table and the
 * agent's ProblemCode enum (client-fx); AgentErrorCodesTest fails when they differ. A code not listed
 * (from a newer agent) is CKR_FUNCTION_REJECTED. */
#ifndef SM_AGENT_ERRORS_H
#define SM_AGENT_ERRORS_H

#define SM_AGENT_ERRORS(X)                        \
  X("unauthenticated", CKR_FUNCTION_REJECTED)      \
  X("key_inactive", CKR_FUNCTION_REJECTED)         \
  X("client_inactive", CKR_FUNCTION_REJECTED)      \
  X("certificate_inactive", CKR_FUNCTION_REJECTED) \
  X("not_authorized", CKR_FUNCTION_REJECTED)       \
  X("unknown_certificate", CKR_KEY_HANDLE_INVALID) \
  X("bad_request", CKR_FUNCTION_FAILED)            \
  X("service", CKR_FUNCTION_REJECTED)              \
  X("bad_answer", CKR_FUNCTION_REJECTED)           \
  X("unreachable", CKR_DEVICE_ERROR)               \
  X("untrusted_tls", CKR_DEVICE_ERROR)             \
  X("not_configured", CKR_DEVICE_ERROR)            \
  X("local", CKR_FUNCTION_REJECTED)                \
  X("forbidden", CKR_FUNCTION_REJECTED)            \
  X("busy", CKR_FUNCTION_REJECTED)

#endif
