/* Every CK_FUNCTION_LIST entry as an internal (hidden) function of the module. */
#ifndef SM_FUNCTIONS_H
#define SM_FUNCTIONS_H
#include "pkcs11.h"

#define SM_DECLARE(name, params) CK_RV name params;
CK_FUNCTIONS(SM_DECLARE)

#endif
