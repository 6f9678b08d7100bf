/* The agent client without an agent: the socket path by the environment, the LIST parser on a
 * static answer (RSA with a CA line, EC, an incomplete and a repeated identity), and the line
 * reader over a socketpair (several lines per read, a line split over writes, EOF, timeout,
 * a line over the limit), and text made printable for the log. */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "agent.h"
#include "check.h"

static const char *sample =
    "IDENTITY 0123456789ABCDEF0123456789ABCDEF01234567\n"
    "LABEL 416c696365\n"
    "CERT 308201\n"
    "SUBJECT 3001\n"
    "ISSUER 3002\n"
    "SERIAL 020101\n"
    "KEY RSA 2048 00c3 010001\n"
    "CA 3082aa 3002 3003 020102\n"
    "FUTURE something\n"
    "IDENTITY fedcba9876543210fedcba9876543210fedcba98\n"
    "LABEL 426f62\n"
    "CERT 3082bb\n"
    "SUBJECT 3004\n"
    "ISSUER 3002\n"
    "SERIAL 020103\n"
    "KEY EC 256 06082a8648ce3d030107 044104aabb\n"
    "IDENTITY 1111111111111111111111111111111111111111\n"
    "LABEL 43\n"
    "IDENTITY 0123456789ABCDEF0123456789ABCDEF01234567\n"
    "LABEL 416c696365\n"
    "CERT 308201\n"
    "SUBJECT 3001\n"
    "ISSUER 3002\n"
    "SERIAL 020101\n"
    "KEY RSA 2048 00c3 010001\n";

static int parse(const char *text, sm_identities *ids) {
  char *copy = strdup(text), *save = NULL;
  int rc = 0;
  memset(ids, 0, sizeof *ids);
  for (char *line = strtok_r(copy, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save))
    rc |= sm_list_add_line(ids, line);
  free(copy);
  sm_list_finish(ids);
  return rc;
}

static void test_parser(void) {
  sm_identities ids;
  CHECK(parse(sample, &ids) == 0);
  CHECK(ids.count == 2);
  if (ids.count != 2) return;
  sm_identity *rsa = &ids.items[0], *ec = &ids.items[1];
  CHECK(strcmp(rsa->sha1, "0123456789ABCDEF0123456789ABCDEF01234567") == 0);
  CHECK(rsa->id[0] == 0x01 && rsa->id[19] == 0x67);
  CHECK(rsa->label.len == 5 && memcmp(rsa->label.data, "Alice", 5) == 0);
  CHECK(rsa->key_type == CKK_RSA && rsa->bits == 2048);
  CHECK(rsa->key_a.len == 2 && rsa->key_a.data[1] == 0xc3 && rsa->key_b.len == 3);
  CHECK(rsa->cert.der.len == 3 && rsa->cert.serial.len == 3 && rsa->cert.serial.data[2] == 1);
  CHECK(rsa->chain_len == 1 && rsa->chain[0].der.len == 3 && rsa->chain[0].subject.data[1] == 2 &&
        rsa->chain[0].issuer.data[1] == 3 && rsa->chain[0].serial.data[2] == 2);
  CHECK(ec->key_type == CKK_EC && ec->bits == 256 && ec->key_a.len == 10 && ec->key_b.len == 5);
  CHECK(ec->label.len == 3 && ec->chain_len == 0);
  sm_identities_free(&ids);

  /* Broken lines are refused. */
  CHECK(parse("LABEL 41\n", &ids) != 0); /* before any IDENTITY */
  sm_identities_free(&ids);
  CHECK(parse("IDENTITY 0123\n", &ids) != 0);
  sm_identities_free(&ids);
  CHECK(parse("IDENTITY 0123456789ABCDEF0123456789ABCDEF01234567\nLABEL 4\n", &ids) != 0);
  sm_identities_free(&ids);
  CHECK(parse("IDENTITY 0123456789ABCDEF0123456789ABCDEF01234567\nKEY DSA 1024 00 00\n", &ids) != 0);
  sm_identities_free(&ids);
  CHECK(parse("IDENTITY 0123456789ABCDEF0123456789ABCDEF01234567\nKEY RSA x 00 00\n", &ids) != 0);
  sm_identities_free(&ids);
  CHECK(parse("IDENTITY 0123456789ABCDEF0123456789ABCDEF01234567\nCA 30 30\n", &ids) != 0);
  sm_identities_free(&ids);
}

static void test_socket_path(void) {
  char path[256];
  setenv("HOME", "/home/u", 1);
  unsetenv("SIGNING_MANAGER_AGENT_SOCKET");
  unsetenv("SIGNING_MANAGER_HOME");
  unsetenv("XDG_RUNTIME_DIR");
  CHECK(sm_agent_socket_path(path, sizeof path) == 0 && strcmp(path, "/home/u/.config/signing-manager/agent.sock") == 0);
  setenv("XDG_RUNTIME_DIR", "/run/user/1", 1);
  CHECK(sm_agent_socket_path(path, sizeof path) == 0 && strcmp(path, "/run/user/1/signing-manager/agent.sock") == 0);
  setenv("SIGNING_MANAGER_HOME", "/sm", 1);
  CHECK(sm_agent_socket_path(path, sizeof path) == 0 && strcmp(path, "/sm/agent.sock") == 0);
  setenv("SIGNING_MANAGER_AGENT_SOCKET", "/tmp/a.sock", 1);
  CHECK(sm_agent_socket_path(path, sizeof path) == 0 && strcmp(path, "/tmp/a.sock") == 0);
  CHECK(sm_agent_socket_path(path, 5) == -1);
  unsetenv("SIGNING_MANAGER_AGENT_SOCKET");
  unsetenv("SIGNING_MANAGER_HOME");
  unsetenv("XDG_RUNTIME_DIR");
  unsetenv("HOME");
  CHECK(sm_agent_socket_path(path, sizeof path) == -1);
}

static void test_line_reader(void) {
  int sv[2];
  CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
  sm_conn conn = {sv[0], NULL, 0, 0, 0};
  char *line;
  long long deadline = sm_now_ms() + 2000;
  CHECK(write(sv[1], "OK 2\nIDENTITY ab\nEN", 19) == 19);
  CHECK(sm_conn_read_line(&conn, &line, deadline) == 0 && strcmp(line, "OK 2") == 0);
  CHECK(sm_conn_read_line(&conn, &line, deadline) == 0 && strcmp(line, "IDENTITY ab") == 0);
  CHECK(write(sv[1], "D\n", 2) == 2);
  CHECK(sm_conn_read_line(&conn, &line, deadline) == 0 && strcmp(line, "END") == 0);
  /* Nothing more within the deadline: a timeout, not a hang. */
  long long start = sm_now_ms();
  CHECK(sm_conn_read_line(&conn, &line, start + 200) == -1);
  CHECK(sm_now_ms() - start < 1500);
  CHECK(sm_conn_write(&conn, "LIST\n", 5, deadline) == 0);
  char got[6] = "";
  CHECK(read(sv[1], got, 5) == 5 && strcmp(got, "LIST\n") == 0);
  /* A line over the limit is refused. */
  size_t big = SM_MAX_LINE + 10;
  char *junk = malloc(big);
  memset(junk, 'a', big);
  if (fork() == 0) {
    ssize_t ignored = write(sv[1], junk, big);
    (void)ignored;
    _exit(0);
  }
  CHECK(sm_conn_read_line(&conn, &line, sm_now_ms() + 5000) == -1);
  free(junk);
  /* EOF. */
  close(sv[1]);
  sm_conn_close(&conn);
  CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
  sm_conn eof = {sv[0], NULL, 0, 0, 0};
  CHECK(write(sv[1], "partial", 7) == 7);
  close(sv[1]);
  CHECK(sm_conn_read_line(&eof, &line, sm_now_ms() + 2000) == -1);
  sm_conn_close(&eof);
}

static void test_printable(void) {
  char out[16];
  sm_printable("plain caf\xc3\xa9", out, sizeof out);
  CHECK(strcmp(out, "plain caf\xc3\xa9") == 0);
  sm_printable("\x1b[2J\x07", out, sizeof out);
  CHECK(strcmp(out, "\\x1b[2J\\x07") == 0);
  sm_printable("\xc0\xaf\xed\xa0\x80", out, sizeof out); /* overlong '/', a surrogate: not UTF-8 */
  CHECK(strcmp(out, "\\xc0\\xaf\\xed...") == 0);
  sm_printable("0123456789abcdefgh", out, sizeof out); /* cut, and says so */
  CHECK(strcmp(out, "0123456789ab...") == 0);
  sm_printable("0123456789\xe2\x82\xac\xe2\x82\xac", out, sizeof out); /* never half a character */
  CHECK(strcmp(out, "0123456789...") == 0);
}

int main(void) {
  test_parser();
  test_printable();
  test_socket_path();
  test_line_reader();
  return check_result("agent_test");
}
