/* SHA-1 and SHA-2 (FIPS 180-4), streaming: init, update any number of times, final. */
#ifndef SM_SHA_H
#define SM_SHA_H
#include <stddef.h>
#include <stdint.h>

typedef enum { SM_SHA1, SM_SHA256, SM_SHA384, SM_SHA512 } sm_hash_alg;

#define SM_HASH_MAX 64

typedef struct {
  sm_hash_alg alg;
  uint64_t length; /* bytes hashed so far */
  union { uint32_t w32[8]; uint64_t w64[8]; } h;
  unsigned char block[128];
  size_t used;
} sm_hash;

size_t sm_hash_size(sm_hash_alg alg);
void sm_hash_init(sm_hash *ctx, sm_hash_alg alg);
void sm_hash_update(sm_hash *ctx, const void *data, size_t len);
/* Writes sm_hash_size(alg) bytes to out. */
void sm_hash_final(sm_hash *ctx, unsigned char *out);

#endif
