/* The exported C_GetFunctionList, the global state and its lock, Initialize/Finalize, and the
 * library, slot and token information. */
#include <pthread.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

#include "agent_kept.h"
#include "functions.h"
#include "state.h"

sm_state sm;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t atfork_once = PTHREAD_ONCE_INIT;
static unsigned long initializations; /* under the lock */

/* fork() waits for the locks, so a child never inherits one held by a thread it does not have. */
static void before_fork(void) {
  pthread_mutex_lock(&lock);
  sm_agent_fork_prepare();
}
static void after_fork_parent(void) {
  sm_agent_fork_parent();
  pthread_mutex_unlock(&lock);
}
static void after_fork_child(void) {
  sm_agent_fork_child();
  pthread_mutex_unlock(&lock);
}
static void register_atfork(void) { pthread_atfork(before_fork, after_fork_parent, after_fork_child); }

CK_RV sm_enter(void) {
  pthread_mutex_lock(&lock);
  if (!sm.initialized || sm.pid != getpid()) {
    pthread_mutex_unlock(&lock);
    return CKR_CRYPTOKI_NOT_INITIALIZED;
  }
  return CKR_OK;
}

CK_RV sm_reenter(unsigned long generation) {
  CK_RV rv = sm_enter();
  if (rv == CKR_OK && sm.generation != generation) {
    pthread_mutex_unlock(&lock);
    rv = CKR_SESSION_CLOSED;
  }
  return rv;
}

void sm_leave(void) { pthread_mutex_unlock(&lock); }

void sm_pad(CK_UTF8CHAR *field, size_t width, const char *s) {
  size_t n = strlen(s) < width ? strlen(s) : width;
  memset(field, ' ', width);
  memcpy(field, s, n);
}

#define SM_ENTRY(name, params) name,
static CK_FUNCTION_LIST function_list = {{2, 40}, CK_FUNCTIONS(SM_ENTRY)};

__attribute__((visibility("default"))) CK_RV C_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR ppFunctionList) {
  if (ppFunctionList == NULL) return CKR_ARGUMENTS_BAD;
  *ppFunctionList = &function_list;
  return CKR_OK;
}

/* Any arguments are accepted (GnuTLS passes CKF_OS_LOCKING_OK with no mutex functions); the module
 * always locks with pthreads. */
CK_RV C_Initialize(CK_VOID_PTR pInitArgs) {
  if (pInitArgs != NULL) {
    CK_C_INITIALIZE_ARGS *args = pInitArgs;
    int given = !!args->CreateMutex + !!args->DestroyMutex + !!args->LockMutex + !!args->UnlockMutex;
    if (args->pReserved != NULL || (given != 0 && given != 4)) return CKR_ARGUMENTS_BAD;
  }
  pthread_once(&atfork_once, register_atfork);
  pthread_mutex_lock(&lock);
  if (sm.initialized && sm.pid == getpid()) {
    pthread_mutex_unlock(&lock);
    return CKR_CRYPTOKI_ALREADY_INITIALIZED;
  }
  if (sm.initialized) { /* the parent's state, inherited over fork() */
    sm_sessions_free();
    sm_objects_free();
  }
  memset(&sm, 0, sizeof sm);
  sm.initialized = 1;
  sm.pid = getpid();
  sm.next_handle = 1;
  sm.generation = ++initializations;
  if (sm_objects_refresh() == CKR_OK) pthread_mutex_unlock(&lock);
  return CKR_OK;
}

CK_RV C_Finalize(CK_VOID_PTR pReserved) {
  if (pReserved != NULL) return CKR_ARGUMENTS_BAD;
  CK_RV rv = sm_enter();
  if (rv != CKR_OK) return rv;
  sm_sessions_free();
  sm_objects_free();
  sm_agent_disconnect();
  memset(&sm, 0, sizeof sm);
  sm_leave();
  return CKR_OK;
}

CK_RV C_GetInfo(CK_INFO_PTR pInfo) {
  CK_RV rv = sm_enter();
  if (rv != CKR_OK) return rv;
  if (pInfo == NULL) {
    sm_leave();
    return CKR_ARGUMENTS_BAD;
  }
  memset(pInfo, 0, sizeof *pInfo);
  pInfo->cryptokiVersion = (CK_VERSION){2, 40};
  sm_pad(pInfo->manufacturerID, sizeof pInfo->manufacturerID, "Signing Manager");
  sm_pad(pInfo->libraryDescription, sizeof pInfo->libraryDescription, "Signing Manager PKCS#11 module");
  pInfo->libraryVersion = (CK_VERSION){1, 0};
  sm_leave();
  return CKR_OK;
}

CK_RV C_GetSlotList(CK_BBOOL tokenPresent, CK_SLOT_ID_PTR pSlotList, CK_ULONG_PTR pulCount) {
  (void)tokenPresent; /* the token is always present, empty when the agent is away */
  CK_RV rv = sm_enter();
  if (rv != CKR_OK) return rv;
  if (pulCount == NULL) rv = CKR_ARGUMENTS_BAD;
  else if (pSlotList == NULL) *pulCount = 1;
  else if (*pulCount < 1) {
    *pulCount = 1;
    rv = CKR_BUFFER_TOO_SMALL;
  } else {
    pSlotList[0] = SM_SLOT_ID;
    *pulCount = 1;
  }
  sm_leave();
  return rv;
}

CK_RV C_GetSlotInfo(CK_SLOT_ID slotID, CK_SLOT_INFO_PTR pInfo) {
  CK_RV rv = sm_enter();
  if (rv != CKR_OK) return rv;
  if (slotID != SM_SLOT_ID) rv = CKR_SLOT_ID_INVALID;
  else if (pInfo == NULL) rv = CKR_ARGUMENTS_BAD;
  else {
    memset(pInfo, 0, sizeof *pInfo);
    sm_pad(pInfo->slotDescription, sizeof pInfo->slotDescription, "Signing Manager agent");
    sm_pad(pInfo->manufacturerID, sizeof pInfo->manufacturerID, "Signing Manager");
    pInfo->flags = CKF_TOKEN_PRESENT; /* not CKF_REMOVABLE_DEVICE: Java would poll */
    pInfo->hardwareVersion = (CK_VERSION){1, 0};
    pInfo->firmwareVersion = (CK_VERSION){1, 0};
  }
  sm_leave();
  return rv;
}

CK_RV C_GetTokenInfo(CK_SLOT_ID slotID, CK_TOKEN_INFO_PTR pInfo) {
  CK_RV rv = sm_enter();
  if (rv != CKR_OK) return rv;
  if (slotID != SM_SLOT_ID) rv = CKR_SLOT_ID_INVALID;
  else if (pInfo == NULL) rv = CKR_ARGUMENTS_BAD;
  else {
    CK_ULONG rw = 0;
    for (size_t i = 0; i < sm.session_count; i++) rw += (sm.sessions[i].flags & CKF_RW_SESSION) != 0;
    memset(pInfo, 0, sizeof *pInfo);
    sm_pad(pInfo->label, sizeof pInfo->label, "Signing Manager");
    sm_pad(pInfo->manufacturerID, sizeof pInfo->manufacturerID, "Signing Manager");
    sm_pad(pInfo->model, sizeof pInfo->model, "Remote keys");
    sm_pad(pInfo->serialNumber, sizeof pInfo->serialNumber, "1");
    sm_pad(pInfo->utcTime, sizeof pInfo->utcTime, "");
    pInfo->flags = CKF_TOKEN_INITIALIZED; /* not CKF_WRITE_PROTECTED: read/write sessions open, each write is refused */
    pInfo->ulMaxSessionCount = CK_EFFECTIVELY_INFINITE;
    pInfo->ulSessionCount = sm.session_count;
    pInfo->ulMaxRwSessionCount = CK_EFFECTIVELY_INFINITE;
    pInfo->ulRwSessionCount = rw;
    pInfo->ulMaxPinLen = 255;
    pInfo->ulMinPinLen = 0;
    pInfo->ulTotalPublicMemory = CK_UNAVAILABLE_INFORMATION;
    pInfo->ulFreePublicMemory = CK_UNAVAILABLE_INFORMATION;
    pInfo->ulTotalPrivateMemory = CK_UNAVAILABLE_INFORMATION;
    pInfo->ulFreePrivateMemory = CK_UNAVAILABLE_INFORMATION;
    pInfo->hardwareVersion = (CK_VERSION){1, 0};
    pInfo->firmwareVersion = (CK_VERSION){1, 0};
  }
  sm_leave();
  return rv;
}
