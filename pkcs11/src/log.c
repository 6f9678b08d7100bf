#include "log.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The character at s as a code point and its length in bytes; 0 when s does not start valid UTF-8
 * (overlong forms and surrogates included). */
static size_t utf8_char(const unsigned char *s, unsigned long *cp) {
  unsigned long c = s[0], min;
  size_t n;
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  if (c >= 0xc2 && c <= 0xdf) n = 2, min = 0x80, c &= 0x1f;
  else if (c >= 0xe0 && c <= 0xef) n = 3, min = 0x800, c &= 0x0f;
  else if (c >= 0xf0 && c <= 0xf4) n = 4, min = 0x10000, c &= 0x07;
  else return 0;
  for (size_t i = 1; i < n; i++) {
    if ((s[i] & 0xc0) != 0x80) return 0; /* also stops at the terminating NUL */
    c = c << 6 | (s[i] & 0x3f);
  }
  if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) return 0;
  *cp = c;
  return n;
}

static int acts_on_terminal(unsigned long cp) {
  return cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

void sm_printable(const char *text, char *out, size_t size) {
  const unsigned char *s = (const unsigned char *)text;
  size_t used = 0;
  while (*s) {
    unsigned long cp;
    char piece[8];
    size_t n = utf8_char(s, &cp), len = n;
    if (n == 0 || acts_on_terminal(cp)) {
      n = 1;
      len = (size_t)snprintf(piece, sizeof piece, "\\x%02x", *s);
    } else {
      memcpy(piece, s, n);
    }
    if (used + len + 4 > size) { /* room for this piece and "..." is what the cut needs */
      memcpy(out + used, "...", 3);
      used += 3;
      break;
    }
    memcpy(out + used, piece, len);
    used += len;
    s += n;
  }
  out[used] = '\0';
}

void sm_log(const char *fmt, ...) {
  char msg[4 * SM_LOG_MAX], shown[SM_LOG_MAX + 1];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  sm_printable(msg, shown, sizeof shown);
  char line[sizeof shown + 32];
  int n = snprintf(line, sizeof line, "signing-manager-pkcs11: %s\n", shown);
  const char *file = getenv("SIGNING_MANAGER_PKCS11_LOG");
  int fd = file != NULL && *file ? open(file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600) : -1;
  if (fd < 0 || write(fd, line, (size_t)n) != n) fputs(line, stderr);
  if (fd >= 0) close(fd);
}
