/* The one DER structure the module reads: an X9.62 ECDSA signature, SEQUENCE { INTEGER r, INTEGER s }. */
#ifndef SM_DER_H
#define SM_DER_H
#include <stddef.h>

/* Writes r and s, each left-padded with zeros to width bytes, to out (2 * width bytes).
 * Returns -1 for malformed DER, trailing bytes, an integer that is negative, zero or wider than
 * width; out may then hold part of r. */
int sm_ecdsa_der_to_raw(const unsigned char *der, size_t len, size_t width, unsigned char *out);

#endif
