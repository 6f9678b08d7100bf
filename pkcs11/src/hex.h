/* Lower-case hex, as the agent protocol writes everything binary. */
#ifndef SM_HEX_H
#define SM_HEX_H
#include <stddef.h>

/* Decodes len hex digits (either case) into out (len / 2 bytes); -1 for an odd length or a non-digit. */
int sm_hex_decode(const char *hex, size_t len, unsigned char *out);
/* Writes 2 * len lower-case digits and a NUL to out. */
void sm_hex_encode(const unsigned char *data, size_t len, char *out);

#endif
