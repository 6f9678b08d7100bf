/* What the module makes of the agent's answers to SIGN: an error's text reaches stderr (or the log
 * file) without control characters and bounded, and a signature of the wrong form is an error with no output. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "harness.h"
#include "hex.h"
#include "pkcs11.h"

static char captured[65536];

static char capture_path[] = "/tmp/sm-pkcs11-stderr-XXXXXX";
static int capture_fd = -1, capture_saved = -1;

/* From here to capture_end, stderr goes to a file, whose text capture_end puts in captured. */
static void capture_start(void) {
  strcpy(capture_path, "/tmp/sm-pkcs11-stderr-XXXXXX");
  capture_fd = mkstemp(capture_path);
  capture_saved = dup(2);
  CHECK(capture_fd >= 0 && capture_saved >= 0);
  fflush(stderr);
  dup2(capture_fd, 2);
}

static void capture_end(void) {
  fflush(stderr);
  dup2(capture_saved, 2);
  close(capture_saved);
  ssize_t n = pread(capture_fd, captured, sizeof captured - 1, 0);
  captured[n > 0 ? n : 0] = '\0';
  close(capture_fd);
  unlink(capture_path);
}

/* Runs one signature with the given key and mechanism while stderr is captured. */
static CK_RV sign_capturing(CK_SESSION_HANDLE s, CK_MECHANISM_TYPE mechanism, const char *label) {
  capture_start();
  CK_MECHANISM m = {mechanism, NULL, 0};
  unsigned char sig[512];
  CK_ULONG len = sizeof sig;
  CK_RV rv = sign_once(s, &m, find_key(s, CKO_PRIVATE_KEY, label), "x", 1, sig, &len);
  capture_end();
  return rv;
}

/* Valid UTF-8 with no character a terminal acts on: C0 controls but the line end, DEL, C1
 * controls, bidirectional overrides and isolates. */
static int terminal_safe(const char *text) {
  const unsigned char *c = (const unsigned char *)text;
  while (*c) {
    unsigned cp = *c;
    size_t n = cp < 0x80 ? 1 : (cp & 0xe0) == 0xc0 ? 2 : (cp & 0xf0) == 0xe0 ? 3 : (cp & 0xf8) == 0xf0 ? 4 : 0;
    if (n == 0) break;
    if (n > 1) cp &= 0x3f >> (n - 1);
    for (size_t i = 1; i < n; i++) {
      if ((c[i] & 0xc0) != 0x80) return 0;
      cp = cp << 6 | (c[i] & 0x3f);
    }
    if ((cp < 0x20 && cp != '\n') || (cp >= 0x7f && cp < 0xa0) || (cp >= 0x202a && cp <= 0x202e) ||
        (cp >= 0x2066 && cp <= 0x2069)) break;
    c += n;
  }
  if (*c) fprintf(stderr, "unsafe byte 0x%02x at %zu in: %s\n", *c, (size_t)(c - (const unsigned char *)text), text);
  return *c == 0;
}

static size_t lines(const char *text) {
  size_t n = 0;
  for (; *text; text++) n += *text == '\n';
  return n;
}

static void answer_error(const char *code, const char *message) {
  size_t len = strlen(message);
  char *line = malloc(strlen(code) + 2 * len + 8);
  sprintf(line, "ERR %s ", code);
  sm_hex_encode((const unsigned char *)message, len, line + strlen(line));
  agent_answer_sign_with(line);
  free(line);
}

static void test_error_text_is_sanitised(CK_SESSION_HANDLE s) {
  answer_error("key_inactive\x1b[2J",
               "key \x1b]0;owned\x07is \x1b[31moff\r\nsigning-manager-pkcs11: forged line \xc2\x9b" "2J "
               "\xe2\x80\xae" "desrever \x9b caf\xc3\xa9 \x7f end");
  CHECK(sign_capturing(s, CKM_SHA256_RSA_PKCS, "Alice") == CKR_FUNCTION_REJECTED);
  CHECK(terminal_safe(captured));
  CHECK(lines(captured) == 1);
  CHECK(strstr(captured, "key_inactive\\x1b[2J") != NULL); /* escaped, so still readable */
  CHECK(strstr(captured, "key \\x1b]0;owned\\x07is \\x1b[31moff\\x0d\\x0asigning-manager-pkcs11: forged") != NULL);
  CHECK(strstr(captured, "caf\xc3\xa9") != NULL); /* text in UTF-8 stays as it is */
  printf("module_answers_test: logged as %s", captured);

  /* A long message is cut, and says so. */
  char *longer = malloc(20001);
  memset(longer, 'A', 20000);
  longer[20000] = '\0';
  longer[19990] = '\x1b';
  answer_error("key_inactive", longer);
  free(longer);
  CHECK(sign_capturing(s, CKM_SHA256_RSA_PKCS, "Alice") == CKR_FUNCTION_REJECTED);
  CHECK(terminal_safe(captured) && lines(captured) == 1);
  CHECK(strstr(captured, "AAAAAAAAAAAAAAAA") != NULL && strstr(captured, "...") != NULL);
  CHECK(strlen(captured) < 1200);
  agent_answer_sign_with(NULL);
}

/* With $SIGNING_MANAGER_PKCS11_LOG set, the same line is appended to that file (created 0600), not
 * written to stderr; a file that cannot be opened (a symbolic link) leaves it on stderr. */
static void test_log_file(CK_SESSION_HANDLE s) {
  char folder[] = "/tmp/sm-pkcs11-log-XXXXXX", file[64], link[64];
  CHECK(mkdtemp(folder) != NULL);
  snprintf(file, sizeof file, "%s/pkcs11.log", folder);
  snprintf(link, sizeof link, "%s/link.log", folder);
  setenv("SIGNING_MANAGER_PKCS11_LOG", file, 1);
  answer_error("client_inactive", "This client is inactive.");
  CHECK(sign_capturing(s, CKM_SHA256_RSA_PKCS, "Alice") == CKR_FUNCTION_REJECTED);
  CHECK(captured[0] == '\0');
  CHECK(sign_capturing(s, CKM_SHA256_RSA_PKCS, "Alice") == CKR_FUNCTION_REJECTED);
  char text[512] = "";
  int fd = open(file, O_RDONLY);
  CHECK(fd >= 0);
  ssize_t n = read(fd, text, sizeof text - 1);
  text[n > 0 ? n : 0] = '\0';
  struct stat st;
  CHECK(fstat(fd, &st) == 0 && (st.st_mode & 0777) == 0600);
  close(fd);
  CHECK(lines(text) == 2 && strstr(text, "signing-manager-pkcs11: the agent refused: client_inactive This client is inactive.\n") == text);

  CHECK(symlink(file, link) == 0);
  setenv("SIGNING_MANAGER_PKCS11_LOG", link, 1);
  CHECK(sign_capturing(s, CKM_SHA256_RSA_PKCS, "Alice") == CKR_FUNCTION_REJECTED);
  CHECK(strstr(captured, "client_inactive") != NULL);
  unsetenv("SIGNING_MANAGER_PKCS11_LOG");
  agent_answer_sign_with(NULL);
  unlink(link);
  unlink(file);
  rmdir(folder);
}

/* A search by a CKA_ID the token does not have says so on stderr, naming the ID as signing-manager -r
 * shows SHA-1s; a search that finds something, or by another attribute, says nothing. */
static void test_unknown_id_is_named(CK_SESSION_HANDLE s) {
  unsigned char id[20];
  memset(id, 0xab, sizeof id);
  CK_ATTRIBUTE by_id = {CKA_ID, id, sizeof id};
  CK_OBJECT_CLASS cls = CKO_PRIVATE_KEY;
  CK_ATTRIBUTE by_class = {CKA_CLASS, &cls, sizeof cls};
  capture_start();
  CK_OBJECT_HANDLE h[8];
  CK_ULONG n = 99;
  CHECK(p->C_FindObjectsInit(s, &by_id, 1) == CKR_OK && p->C_FindObjects(s, h, 8, &n) == CKR_OK && n == 0);
  CHECK(p->C_FindObjectsFinal(s) == CKR_OK);
  CHECK(p->C_FindObjectsInit(s, &by_class, 1) == CKR_OK && p->C_FindObjects(s, h, 8, &n) == CKR_OK && n > 0);
  CHECK(p->C_FindObjectsFinal(s) == CKR_OK);
  capture_end();
  CHECK(lines(captured) == 1);
  CHECK(strstr(captured, "signing-manager-pkcs11: no certificate or key with the SHA-1 "
                         "ABABABABABABABABABABABABABABABABABABABAB on the token (it has ") == captured);
}

/* The agent answers SIGN with this line: an error, nothing written, the operation over. */
static void refused(CK_SESSION_HANDLE s, CK_MECHANISM_TYPE mechanism, const char *label, const char *answer) {
  CK_MECHANISM m = {mechanism, NULL, 0};
  unsigned char sig[512];
  CK_ULONG len = sizeof sig;
  memset(sig, 0x5a, sizeof sig);
  agent_answer_sign_with(answer);
  CK_RV rv = sign_once(s, &m, find_key(s, CKO_PRIVATE_KEY, label), "x", 1, sig, &len);
  agent_answer_sign_with(NULL);
  int untouched = len == sizeof sig;
  for (size_t i = 0; i < sizeof sig; i++) untouched &= sig[i] == 0x5a;
  if (rv != CKR_DEVICE_ERROR || !untouched) fprintf(stderr, "for the answer %.60s: rv 0x%lx, output %s\n", answer, rv,
                                                     untouched ? "untouched" : "written");
  CHECK(rv == CKR_DEVICE_ERROR && untouched);
  CHECK(p->C_SignFinal(s, NULL, &len) == CKR_OPERATION_NOT_INITIALIZED);
}

static void test_rsa_signature_must_be_as_long_as_the_modulus(CK_SESSION_HANDLE s) {
  char answer[2 * 300 + 8] = "OK ";
  refused(s, CKM_SHA256_RSA_PKCS, "Alice", "OK ab"); /* one byte, not 256 */
  for (int i = 0; i < 255; i++) strcat(answer, "ab");
  refused(s, CKM_SHA256_RSA_PKCS, "Alice", answer); /* 255 bytes */
  strcat(answer, "abab");
  refused(s, CKM_SHA256_RSA_PKCS, "Alice", answer); /* 257 bytes */
  refused(s, CKM_SHA256_RSA_PKCS, "Alice", "OK ");
  refused(s, CKM_SHA256_RSA_PKCS, "Alice", "OK abc");
  refused(s, CKM_SHA256_RSA_PKCS, "Alice", "OK zz");
  refused(s, CKM_SHA256_RSA_PKCS, "Alice", "NO");
}

static void test_ecdsa_signature_must_be_der_for_the_curve(CK_SESSION_HANDLE s) {
  char answer[2 * 80 + 8] = "OK 30260201010221";
  refused(s, CKM_ECDSA_SHA256, "Bob", "OK 3006020101020102ff"); /* trailing byte after a good r and s */
  refused(s, CKM_ECDSA_SHA256, "Bob", "OK 3006020100020101");   /* r = 0 */
  refused(s, CKM_ECDSA_SHA256, "Bob", "OK 3006020101020100");   /* s = 0 */
  strcat(answer, "01");
  for (int i = 0; i < 32; i++) strcat(answer, "22");
  refused(s, CKM_ECDSA_SHA256, "Bob", answer); /* s of 33 bytes for P-256 */
  strcpy(answer, "OK ");
  for (int i = 0; i < 64; i++) strcat(answer, "11");
  refused(s, CKM_ECDSA_SHA256, "Bob", answer); /* r||s, not DER */
}

int main(int argc, char **argv) {
  if (argc != 2) return 2;
  if (harness_start(argv[1]) != 0) return check_result("module_answers_test");
  CHECK(p->C_Initialize(NULL) == CKR_OK);
  CK_SESSION_HANDLE s;
  CHECK(p->C_OpenSession(0, CKF_SERIAL_SESSION, NULL, NULL, &s) == CKR_OK);
  test_error_text_is_sanitised(s);
  test_log_file(s);
  test_unknown_id_is_named(s);
  test_rsa_signature_must_be_as_long_as_the_modulus(s);
  test_ecdsa_signature_must_be_der_for_the_curve(s);
  CHECK(p->C_Finalize(NULL) == CKR_OK);
  check_failures += harness_finish();
  return check_result("module_answers_test");
}
