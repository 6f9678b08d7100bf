/* Hex decoding, and X9.62 DER ECDSA signatures turned into fixed-width r||s. */
#include <string.h>

#include "check.h"
#include "der.h"
#include "hex.h"

static int raw(const char *der_hex, size_t width, char *out_hex) {
  unsigned char der[256], out[2 * 66];
  size_t len = strlen(der_hex) / 2;
  if (sm_hex_decode(der_hex, strlen(der_hex), der) != 0) return -2;
  int rc = sm_ecdsa_der_to_raw(der, len, width, out);
  if (rc == 0) sm_hex_encode(out, 2 * width, out_hex);
  return rc;
}

int main(void) {
  unsigned char b[4];
  char out[2 * 2 * 66 + 1];

  CHECK(sm_hex_decode("00fFa1", 6, b) == 0 && b[0] == 0 && b[1] == 0xff && b[2] == 0xa1);
  CHECK(sm_hex_decode("abc", 3, b) == -1);
  CHECK(sm_hex_decode("0g", 2, b) == -1);
  sm_hex_encode((const unsigned char *)"\x01\xab", 2, out);
  CHECK(strcmp(out, "01ab") == 0);

  /* Short integers are padded on the left to the curve's size. */
  CHECK(raw("3006020101020102", 4, out) == 0 && strcmp(out, "0000000100000002") == 0);
  /* A 0x00-prefixed integer (high bit set) loses its sign byte and still fits the width. */
  CHECK(raw("3008020300808102017f", 2, out) == 0 && strcmp(out, "8081007f") == 0);
  CHECK(raw("30090203008081020200ff", 2, out) == 0 && strcmp(out, "808100ff") == 0);
  CHECK(raw("30070202808102017f", 2, out) == -1);     /* r = 8081 without its sign byte: negative */
  CHECK(raw("300802030080810201ff", 2, out) == -1);   /* s = ff: negative */
  CHECK(raw("300902030080810202007f", 2, out) == -1); /* s = 007f: needless leading zero */
  /* P-521: a 66-byte integer with a 0x00 prefix byte (67 bytes of DER content). */
  {
    char der[2 * 160 + 1] = "308188024300";
    char expect[2 * 132 + 1] = "";
    for (int i = 0; i < 66; i++) strcat(der, "c1");
    strcat(der, "024101");
    for (int i = 0; i < 64; i++) strcat(der, "22");
    for (int i = 0; i < 66; i++) strcat(expect, "c1");
    strcat(expect, "0001");
    for (int i = 0; i < 64; i++) strcat(expect, "22");
    CHECK(raw(der, 66, out) == 0 && strcmp(out, expect) == 0);
    CHECK(raw(der, 48, out) == -1); /* wider than the curve */
  }
  /* Malformed: wrong tag, truncated, trailing bytes, length past the end, empty integer. */
  CHECK(raw("3106020101020102", 4, out) == -1);
  CHECK(raw("30060201010201", 4, out) == -1);
  CHECK(raw("300602010102010200", 4, out) == -1);
  CHECK(raw("3007020101020102", 4, out) == -1);
  CHECK(raw("30050201010200", 4, out) == -1);
  /* Zero is no r or s of a signature. */
  CHECK(raw("3006020100020101", 4, out) == -1);
  CHECK(raw("3006020101020100", 4, out) == -1);
  CHECK(raw("300702020000020101", 4, out) == -1);
  CHECK(raw("", 4, out) == -1);
  return check_result("hex_der_test");
}
