/* SHA-1/256/384/512 against the FIPS 180 examples ("abc", the two-block messages, a million 'a'),
 * fed in one call and split at every position, so block boundaries in update are covered. */
#include <string.h>

#include "check.h"
#include "hex.h"
#include "sha.h"

static void hash_hex(sm_hash_alg alg, const char *msg, size_t split, char *out) {
  sm_hash ctx;
  unsigned char digest[SM_HASH_MAX];
  size_t len = strlen(msg);
  sm_hash_init(&ctx, alg);
  sm_hash_update(&ctx, msg, split);
  sm_hash_update(&ctx, msg + split, len - split);
  sm_hash_final(&ctx, digest);
  sm_hex_encode(digest, sm_hash_size(alg), out);
}

static void vector(sm_hash_alg alg, const char *msg, const char *expected) {
  char out[2 * SM_HASH_MAX + 1];
  for (size_t split = 0; split <= strlen(msg); split++) {
    hash_hex(alg, msg, split, out);
    CHECK(strcmp(out, expected) == 0);
  }
}

static void million_a(sm_hash_alg alg, const char *expected) {
  sm_hash ctx;
  unsigned char chunk[1001], digest[SM_HASH_MAX];
  char out[2 * SM_HASH_MAX + 1];
  memset(chunk, 'a', sizeof chunk);
  sm_hash_init(&ctx, alg);
  for (int i = 0; i < 1000; i++) sm_hash_update(&ctx, chunk, i % 2 ? 999 : 1001);
  sm_hash_final(&ctx, digest);
  sm_hex_encode(digest, sm_hash_size(alg), out);
  CHECK(strcmp(out, expected) == 0);
}

int main(void) {
  const char *two56 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  const char *two112 = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";

  vector(SM_SHA1, "abc", "a9993e364706816aba3e25717850c26c9cd0d89d");
  vector(SM_SHA1, "", "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  vector(SM_SHA1, two56, "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
  million_a(SM_SHA1, "34aa973cd4c4daa4f61eeb2bdbad27316534016f");

  vector(SM_SHA256, "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  vector(SM_SHA256, "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  vector(SM_SHA256, two56, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  million_a(SM_SHA256, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");

  vector(SM_SHA384, "abc", "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7");
  vector(SM_SHA384, two112, "09330c33f71147e83d192fc782cd1b4753111b173b3b05d22fa08086e3b0f712fcc7c71a557e2db966c3e9fa91746039");
  million_a(SM_SHA384, "9d0e1809716474cb086e834e310a4a1ced149e9c00f248527972cec5704c2a5b07b8b3dc38ecc4ebae97ddd87f3d8985");

  vector(SM_SHA512, "abc", "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
  vector(SM_SHA512, two112, "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909");
  million_a(SM_SHA512, "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973ebde0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b");
  return check_result("sha_test");
}
