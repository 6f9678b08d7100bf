/* Sessions and login. Login only changes the state clients check: the agent authenticates. */
#include <stdlib.h>
#include <string.h>

#include "functions.h"
#include "state.h"

sm_session *sm_session_find(CK_SESSION_HANDLE handle) {
  for (size_t i = 0; i < sm.session_count; i++)
    if (sm.sessions[i].handle == handle) return &sm.sessions[i];
  return NULL;
}

void sm_sessions_free(void) {
  for (size_t i = 0; i < sm.session_count; i++) free(sm.sessions[i].found);
  free(sm.sessions);
  sm.sessions = NULL;
  sm.session_count = 0;
}

CK_RV C_OpenSession(CK_SLOT_ID slotID, CK_FLAGS flags, CK_VOID_PTR pApplication, CK_NOTIFY Notify,
                    CK_SESSION_HANDLE_PTR phSession) {
  (void)pApplication;
  (void)Notify;
  CK_RV rv = sm_enter();
  if (rv != CKR_OK) return rv;
  if (slotID != SM_SLOT_ID) rv = CKR_SLOT_ID_INVALID;
  else if (phSession == NULL) rv = CKR_ARGUMENTS_BAD;
  else if (!(flags & CKF_SERIAL_SESSION)) rv = CKR_SESSION_PARALLEL_NOT_SUPPORTED;
  else {
    sm_session *sessions = realloc(sm.sessions, (sm.session_count + 1) * sizeof *sessions);
    if (sessions == NULL) rv = CKR_HOST_MEMORY;
    else {
      sm.sessions = sessions;
      sm_session *s = &sessions[sm.session_count++];
      memset(s, 0, sizeof *s);
      s->handle = sm.next_handle++;
      s->flags = CKF_SERIAL_SESSION | (flags & CKF_RW_SESSION); /* read/write opens too: every write is refused */
      *phSession = s->handle;
      if (sm_now_ms() - sm.loaded_ms > SM_REFRESH_MS && (rv = sm_objects_refresh()) != CKR_OK) return rv;
    }
  }
  sm_leave();
  return rv;
}

static void close_session(sm_session *s) {
  free(s->found);
  *s = sm.sessions[--sm.session_count];
  if (sm.session_count == 0) sm.logged_in = 0;
}

CK_RV C_CloseSession(CK_SESSION_HANDLE hSession) {
  CK_RV rv = sm_enter();
  if (rv != CKR_OK) return rv;
  sm_session *s = sm_session_find(hSession);
  if (s == NULL) rv = CKR_SESSION_HANDLE_INVALID;
  else close_session(s);
  sm_leave();
  return rv;
}

CK_RV C_CloseAllSessions(CK_SLOT_ID slotID) {
  CK_RV rv = sm_enter();
  if (rv != CKR_OK) return rv;
  if (slotID != SM_SLOT_ID) rv = CKR_SLOT_ID_INVALID;
  else {
    sm_sessions_free();
    sm.logged_in = 0;
  }
  sm_leave();
  return rv;
}

CK_RV C_GetSessionInfo(CK_SESSION_HANDLE hSession, CK_SESSION_INFO_PTR pInfo) {
  CK_RV rv = sm_enter();
  if (rv != CKR_OK) return rv;
  sm_session *s = sm_session_find(hSession);
  if (s == NULL) rv = CKR_SESSION_HANDLE_INVALID;
  else if (pInfo == NULL) rv = CKR_ARGUMENTS_BAD;
  else {
    memset(pInfo, 0, sizeof *pInfo);
    pInfo->slotID = SM_SLOT_ID;
    pInfo->flags = s->flags;
    if (s->flags & CKF_RW_SESSION) pInfo->state = sm.logged_in ? CKS_RW_USER_FUNCTIONS : CKS_RW_PUBLIC_SESSION;
    else pInfo->state = sm.logged_in ? CKS_RO_USER_FUNCTIONS : CKS_RO_PUBLIC_SESSION;
  }
  sm_leave();
  return rv;
}

static int read_only_exists(void) {
  for (size_t i = 0; i < sm.session_count; i++)
    if (!(sm.sessions[i].flags & CKF_RW_SESSION)) return 1;
  return 0;
}

/* The user logs in with any PIN, empty or NULL. The token has no SO (no SO PIN, nothing an SO could do:
 * C_InitToken, C_InitPIN answer CKR_FUNCTION_NOT_SUPPORTED), so an SO login fails, with the answer v2.40
 * §5.6 gives first that applies: CKR_SESSION_READ_ONLY_EXISTS while a read-only session is open, then
 * CKR_USER_ANOTHER_ALREADY_LOGGED_IN while the user is, else CKR_PIN_INCORRECT, which §5.1 gives an
 * authentication that fails (no PIN matches an SO PIN the token does not have). Not CKR_USER_TYPE_INVALID:
 * §5.1 names CKU_SO a valid user type. */
CK_RV C_Login(CK_SESSION_HANDLE hSession, CK_USER_TYPE userType, CK_UTF8CHAR_PTR pPin, CK_ULONG ulPinLen) {
  (void)pPin;
  (void)ulPinLen;
  CK_RV rv = sm_enter();
  if (rv != CKR_OK) return rv;
  if (sm_session_find(hSession) == NULL) rv = CKR_SESSION_HANDLE_INVALID;
  else if (userType == CKU_SO) rv = read_only_exists() ? CKR_SESSION_READ_ONLY_EXISTS
                                  : sm.logged_in     ? CKR_USER_ANOTHER_ALREADY_LOGGED_IN
                                                     : CKR_PIN_INCORRECT;
  else if (userType != CKU_USER) rv = CKR_USER_TYPE_INVALID;
  else if (sm.logged_in) rv = CKR_USER_ALREADY_LOGGED_IN;
  else sm.logged_in = 1;
  sm_leave();
  return rv;
}

CK_RV C_Logout(CK_SESSION_HANDLE hSession) {
  CK_RV rv = sm_enter();
  if (rv != CKR_OK) return rv;
  if (sm_session_find(hSession) == NULL) rv = CKR_SESSION_HANDLE_INVALID;
  else if (!sm.logged_in) rv = CKR_USER_NOT_LOGGED_IN;
  else sm.logged_in = 0;
  sm_leave();
  return rv;
}
