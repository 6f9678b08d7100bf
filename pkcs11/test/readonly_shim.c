/* A module in front of the module (its path in SM_SHIM_MODULE) that opens every session read-only: OpenSC's
 * p11test asks for read/write sessions only, which the write-protected token refuses, so through this it
 * runs its signing tests (client-fx's PeerSuitesTest, second p11test run). Everything else is the module's. */
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

#include "pkcs11.h"

static CK_FUNCTION_LIST shim;
static CK_FUNCTION_LIST *module;

static CK_RV open_read_only(CK_SLOT_ID slotID, CK_FLAGS flags, CK_VOID_PTR pApplication, CK_NOTIFY Notify,
                            CK_SESSION_HANDLE_PTR phSession) {
  return module->C_OpenSession(slotID, flags & ~CKF_RW_SESSION, pApplication, Notify, phSession);
}

__attribute__((visibility("default"))) CK_RV C_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR ppFunctionList) {
  const char *path = getenv("SM_SHIM_MODULE");
  void *library = path ? dlopen(path, RTLD_NOW) : NULL, *symbol = library ? dlsym(library, "C_GetFunctionList") : NULL;
  CK_RV (*get_function_list)(CK_FUNCTION_LIST_PTR_PTR) = NULL;
  memcpy(&get_function_list, &symbol, sizeof get_function_list); /* ISO C has no such cast */
  if (ppFunctionList == NULL || get_function_list == NULL) return CKR_GENERAL_ERROR;
  CK_RV rv = get_function_list(&module);
  if (rv != CKR_OK) return rv;
  shim = *module;
  shim.C_OpenSession = open_read_only;
  *ppFunctionList = &shim;
  return CKR_OK;
}
