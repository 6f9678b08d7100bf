#include "der.h"

#include <string.h>

/* Reads one tag-length header at *pos; the content then is [*pos, *pos + *content_len). */
static int header(const unsigned char *der, size_t len, size_t *pos, unsigned char tag, size_t *content_len) {
  if (*pos + 2 > len || der[*pos] != tag) return -1;
  size_t n = der[*pos + 1];
  *pos += 2;
  if (n & 0x80) {
    size_t bytes = n & 0x7f;
    if (bytes == 0 || bytes > 2 || *pos + bytes > len) return -1;
    n = 0;
    for (size_t i = 0; i < bytes; i++) n = n << 8 | der[(*pos)++];
    if (n < 0x80) return -1; /* not the shortest form */
  }
  if (n > len - *pos) return -1;
  *content_len = n;
  return 0;
}

static int integer(const unsigned char *der, size_t len, size_t *pos, size_t width, unsigned char *out) {
  size_t n;
  if (header(der, len, pos, 0x02, &n) != 0 || n == 0) return -1;
  const unsigned char *v = der + *pos;
  *pos += n;
  if (v[0] & 0x80) return -1; /* negative */
  if (n > 1 && v[0] == 0 && !(v[1] & 0x80)) return -1; /* needless leading zero */
  while (n > 0 && v[0] == 0) { v++; n--; }
  if (n == 0 || n > width) return -1; /* r and s of an ECDSA signature are never 0 */
  memset(out, 0, width - n);
  memcpy(out + width - n, v, n);
  return 0;
}

int sm_ecdsa_der_to_raw(const unsigned char *der, size_t len, size_t width, unsigned char *out) {
  size_t pos = 0, n;
  if (header(der, len, &pos, 0x30, &n) != 0 || pos + n != len) return -1;
  if (integer(der, len, &pos, width, out) != 0) return -1;
  if (integer(der, len, &pos, width, out + width) != 0) return -1;
  return pos == len ? 0 : -1;
}
