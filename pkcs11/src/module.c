/* The one exported symbol: C_GetFunctionList. */
#include <stddef.h>

#include "functions.h"

#define SM_ENTRY(name, params) name,
static CK_FUNCTION_LIST function_list = {{2, 40}, CK_FUNCTIONS(SM_ENTRY)};

__attribute__((visibility("default"))) CK_RV C_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR ppFunctionList) {
  if (ppFunctionList == NULL) return CKR_ARGUMENTS_BAD;
  *ppFunctionList = &function_list;
  return CKR_OK;
}
