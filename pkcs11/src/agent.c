#include "agent.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "agent_errors.h"
#include "agent_kept.h"
#include "hex.h"

#define CONNECT_TIMEOUT_MS 2000
#define LIST_TIMEOUT_MS 10000
#define SIGN_TIMEOUT_MS 120000
#define MESSAGE_MAX 512 /* bytes of an agent's error message that are logged */

long long sm_now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* $SIGNING_MANAGER_AGENT_SOCKET, else $SIGNING_MANAGER_HOME/agent.sock, else
 * $XDG_RUNTIME_DIR/signing-manager/agent.sock, else $HOME/.config/signing-manager/agent.sock. */
int sm_agent_socket_path(char *out, size_t size) {
  const char *v;
  int n;
  if ((v = getenv("SIGNING_MANAGER_AGENT_SOCKET")) != NULL && *v) n = snprintf(out, size, "%s", v);
  else if ((v = getenv("SIGNING_MANAGER_HOME")) != NULL && *v) n = snprintf(out, size, "%s/agent.sock", v);
  else if ((v = getenv("XDG_RUNTIME_DIR")) != NULL && *v) n = snprintf(out, size, "%s/signing-manager/agent.sock", v);
  else if ((v = getenv("HOME")) != NULL && *v) n = snprintf(out, size, "%s/.config/signing-manager/agent.sock", v);
  else return -1;
  return n > 0 && (size_t)n < size ? 0 : -1;
}

static int wait_for(int fd, short events, long long deadline_ms) {
  for (;;) {
    long long left = deadline_ms - sm_now_ms();
    if (left <= 0) { errno = ETIMEDOUT; return -1; }
    struct pollfd p = {fd, events, 0};
    int rc = poll(&p, 1, left > 60000 ? 60000 : (int)left);
    if (rc > 0) return 0;
    if (rc < 0 && errno != EINTR) return -1;
  }
}

static int connect_agent(sm_conn *conn, char *path, size_t path_size) {
  struct sockaddr_un addr;
  memset(conn, 0, sizeof *conn);
  conn->fd = -1;
  if (sm_agent_socket_path(path, path_size) != 0 || strlen(path) >= sizeof addr.sun_path) {
    errno = ENAMETOOLONG;
    return -1;
  }
  memset(&addr, 0, sizeof addr);
  addr.sun_family = AF_UNIX;
  memcpy(addr.sun_path, path, strlen(path));
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) return -1;
  if (connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
    int err = 0;
    socklen_t len = sizeof err;
    if ((errno != EINPROGRESS && errno != EAGAIN) || wait_for(fd, POLLOUT, sm_now_ms() + CONNECT_TIMEOUT_MS) != 0 ||
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0 || err != 0) {
      if (err) errno = err;
      int saved = errno;
      close(fd);
      errno = saved;
      return -1;
    }
  }
  conn->fd = fd;
  return 0;
}

int sm_conn_read_line(sm_conn *conn, char **line, long long deadline_ms) {
  for (;;) {
    char *nl = conn->len ? memchr(conn->buf + conn->start, '\n', conn->len) : NULL;
    if (nl != NULL) {
      *nl = '\0';
      *line = conn->buf + conn->start;
      size_t used = (size_t)(nl - *line) + 1;
      conn->start += used;
      conn->len -= used;
      return 0;
    }
    if (conn->len > SM_MAX_LINE) return -1;
    if (conn->start > 0) {
      memmove(conn->buf, conn->buf + conn->start, conn->len);
      conn->start = 0;
    }
    if (conn->cap - conn->len < 4096) {
      size_t cap = conn->cap ? conn->cap * 2 : 8192;
      if (cap > SM_MAX_LINE + 8192) cap = SM_MAX_LINE + 8192;
      char *buf = realloc(conn->buf, cap);
      if (buf == NULL) return -1;
      conn->buf = buf;
      conn->cap = cap;
    }
    if (wait_for(conn->fd, POLLIN, deadline_ms) != 0) return -1;
    ssize_t n = read(conn->fd, conn->buf + conn->len, conn->cap - conn->len);
    if (n == 0) { errno = ECONNRESET; return -1; }
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      return -1;
    }
    conn->len += (size_t)n;
  }
}

int sm_conn_write(sm_conn *conn, const char *data, size_t len, long long deadline_ms) {
  while (len > 0) {
    ssize_t n = send(conn->fd, data, len, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno != EAGAIN || wait_for(conn->fd, POLLOUT, deadline_ms) != 0) return -1;
      continue;
    }
    data += n;
    len -= (size_t)n;
  }
  return 0;
}

void sm_conn_close(sm_conn *conn) {
  if (conn->fd >= 0) close(conn->fd);
  free(conn->buf);
  memset(conn, 0, sizeof *conn);
  conn->fd = -1;
}

/* ---- LIST ---- */

static int take_hex(const char *hex, sm_bytes *out) {
  size_t len = hex ? strlen(hex) : 0;
  if (hex == NULL || len % 2 != 0) return -1;
  free(out->data);
  out->data = malloc(len / 2 + 1);
  out->len = len / 2;
  return out->data != NULL && sm_hex_decode(hex, len, out->data) == 0 ? 0 : -1;
}

static void cert_free(sm_cert *c) {
  free(c->der.data);
  free(c->subject.data);
  free(c->issuer.data);
  free(c->serial.data);
}

static void identity_free(sm_identity *id) {
  free(id->label.data);
  cert_free(&id->cert);
  free(id->key_a.data);
  free(id->key_b.data);
  for (size_t i = 0; i < id->chain_len; i++) cert_free(&id->chain[i]);
  free(id->chain);
}

void sm_identities_free(sm_identities *ids) {
  for (size_t i = 0; i < ids->count; i++) identity_free(&ids->items[i]);
  free(ids->items);
  ids->items = NULL;
  ids->count = 0;
}

/* Splits line at spaces into at most max fields; returns how many. */
static size_t split(char *line, char **fields, size_t max) {
  size_t n = 0;
  char *save = NULL;
  for (char *f = strtok_r(line, " ", &save); f != NULL && n < max; f = strtok_r(NULL, " ", &save)) fields[n++] = f;
  return n;
}

int sm_list_add_line(sm_identities *ids, char *line) {
  char *f[6];
  size_t n = split(line, f, 6);
  if (n == 0) return -1;
  if (strcmp(f[0], "IDENTITY") == 0) {
    if (n != 2 || strlen(f[1]) != 40) return -1;
    sm_identity *items = realloc(ids->items, (ids->count + 1) * sizeof *items);
    if (items == NULL) return -1;
    ids->items = items;
    sm_identity *id = &items[ids->count++];
    memset(id, 0, sizeof *id);
    memcpy(id->sha1, f[1], 41);
    return sm_hex_decode(f[1], 40, id->id);
  }
  if (ids->count == 0) return -1;
  sm_identity *id = &ids->items[ids->count - 1];
  if (strcmp(f[0], "LABEL") == 0 && n == 2) return take_hex(f[1], &id->label);
  if (strcmp(f[0], "CERT") == 0 && n == 2) return take_hex(f[1], &id->cert.der);
  if (strcmp(f[0], "SUBJECT") == 0 && n == 2) return take_hex(f[1], &id->cert.subject);
  if (strcmp(f[0], "ISSUER") == 0 && n == 2) return take_hex(f[1], &id->cert.issuer);
  if (strcmp(f[0], "SERIAL") == 0 && n == 2) return take_hex(f[1], &id->cert.serial);
  if (strcmp(f[0], "KEY") == 0 && n == 5) {
    char *end;
    if (strcmp(f[1], "RSA") == 0) id->key_type = CKK_RSA;
    else if (strcmp(f[1], "EC") == 0) id->key_type = CKK_EC;
    else return -1;
    id->bits = strtoul(f[2], &end, 10);
    if (*end != '\0' || id->bits == 0 || id->bits > SM_MAX_BITS) return -1;
    id->has_key = 1;
    return take_hex(f[3], &id->key_a) || take_hex(f[4], &id->key_b) ? -1 : 0;
  }
  if (strcmp(f[0], "CA") == 0 && n == 5) {
    sm_cert *chain = realloc(id->chain, (id->chain_len + 1) * sizeof *chain);
    if (chain == NULL) return -1;
    id->chain = chain;
    sm_cert *c = &chain[id->chain_len++];
    memset(c, 0, sizeof *c);
    return take_hex(f[1], &c->der) || take_hex(f[2], &c->subject) || take_hex(f[3], &c->issuer) ||
                   take_hex(f[4], &c->serial) ? -1 : 0;
  }
  /* A known keyword with the wrong fields breaks the format; an unknown one is a later addition. */
  static const char *known[] = {"LABEL", "CERT", "SUBJECT", "ISSUER", "SERIAL", "KEY", "CA"};
  for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
    if (strcmp(f[0], known[i]) == 0) return -1;
  return 0;
}

static int complete(const sm_identity *id) {
  return id->label.data && id->cert.der.data && id->cert.subject.data && id->cert.issuer.data &&
         id->cert.serial.data && id->has_key;
}

void sm_list_finish(sm_identities *ids) {
  size_t kept = 0;
  for (size_t i = 0; i < ids->count; i++) {
    sm_identity *id = &ids->items[i];
    int dup = 0;
    for (size_t j = 0; j < kept; j++) dup |= memcmp(ids->items[j].id, id->id, sizeof id->id) == 0;
    if (!complete(id) || dup) {
      sm_log("identity %s left out: %s", id->sha1, dup ? "listed twice" : "incomplete in the agent's answer");
      identity_free(id);
    } else {
      ids->items[kept++] = *id;
    }
  }
  ids->count = kept;
}

static void log_unreachable(const char *path) {
  sm_log("the Signing Manager agent is not reachable at %s (%s); start the Signing Manager or "
         "`signing-manager agent`", path, strerror(errno));
}

/* Sends request on a kept connection or a new one and reads the first answer line into *line;
 * CKR_DEVICE_REMOVED (logged) on failure. A kept connection that fails before any byte of the answer
 * came (the agent restarted, or closed it as idle) is dropped and the request sent once more on a
 * new one: at worst the agent signs twice, each signature audited. */
static CK_RV request(sm_conn *conn, const char *req, size_t len, long long deadline, char **line) {
  char path[4096];
  int reused = sm_kept_take(conn) == 0;
  for (;;) {
    if (!reused && connect_agent(conn, path, sizeof path) != 0) {
      log_unreachable(path);
      return CKR_DEVICE_REMOVED;
    }
    if (sm_conn_write(conn, req, len, deadline) == 0 && sm_conn_read_line(conn, line, deadline) == 0) return CKR_OK;
    int retry = reused && conn->len == 0 && errno != ETIMEDOUT;
    int saved = errno;
    sm_conn_close(conn);
    errno = saved;
    if (!retry) {
      if (!reused) log_unreachable(path);
      else sm_log("the Signing Manager agent did not answer (%s)", strerror(errno));
      return CKR_DEVICE_REMOVED;
    }
    reused = 0;
  }
}

/* "ERR <code> <message-hex>": logged (sm_log makes it printable; a long message is cut), and mapped
 * to a PKCS#11 error. */
static CK_RV agent_error(char *line) {
  char *f[3];
  size_t n = split(line, f, 3);
  char msg[MESSAGE_MAX + 4] = "";
  size_t hex_len = n == 3 ? strlen(f[2]) : 0, take = hex_len > 2 * MESSAGE_MAX ? 2 * MESSAGE_MAX : hex_len;
  if (n == 3 && hex_len % 2 == 0 && sm_hex_decode(f[2], take, (unsigned char *)msg) == 0) {
    msg[take / 2] = '\0';
    if (take < hex_len) strcat(msg, "...");
  } else {
    msg[0] = '\0';
  }
  const char *code = n >= 2 ? f[1] : "?";
  sm_log("the agent refused: %s %s", code, msg);
  static const struct { const char *code; CK_RV rv; } known[] = {
#define SM_AGENT_ERROR_ROW(code, rv) {code, rv},
      SM_AGENT_ERRORS(SM_AGENT_ERROR_ROW)
#undef SM_AGENT_ERROR_ROW
  };
  for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
    if (strcmp(code, known[i].code) == 0) return known[i].rv;
  return CKR_FUNCTION_REJECTED;
}

CK_RV sm_agent_list(sm_identities *ids) {
  sm_conn conn;
  char *line;
  long long deadline = sm_now_ms() + LIST_TIMEOUT_MS;
  memset(ids, 0, sizeof *ids);
  CK_RV rv = request(&conn, "LIST\n", 5, deadline, &line);
  if (rv != CKR_OK) return rv;
  if (strncmp(line, "OK ", 3) != 0) {
    int refused = strncmp(line, "ERR ", 4) == 0;
    rv = refused ? agent_error(line) : CKR_DEVICE_ERROR;
    if (refused) sm_kept_give_back(&conn);
    else sm_conn_close(&conn);
    return rv;
  }
  for (;;) {
    if (sm_conn_read_line(&conn, &line, deadline) != 0) {
      sm_log("the agent's LIST answer broke off (%s)", strerror(errno));
      rv = CKR_DEVICE_REMOVED;
      break;
    }
    if (strcmp(line, "END") == 0) break;
    if (sm_list_add_line(ids, line) != 0) {
      sm_log("the agent's LIST answer has a line this module does not understand");
      rv = CKR_DEVICE_ERROR;
      break;
    }
  }
  if (rv != CKR_OK) {
    sm_conn_close(&conn);
    sm_identities_free(ids);
  } else {
    sm_kept_give_back(&conn);
    sm_list_finish(ids);
  }
  return rv;
}

CK_RV sm_agent_sign(const char *sha1, const char *algorithm, const unsigned char *data, size_t len,
                    unsigned char **sig, size_t *sig_len) {
  sm_conn conn;
  char *line;
  size_t req_len = strlen(sha1) + strlen(algorithm) + 2 * len + 16;
  char *req = malloc(req_len);
  if (req == NULL) return CKR_HOST_MEMORY;
  int n = snprintf(req, req_len, "SIGN %s %s ", sha1, algorithm);
  sm_hex_encode(data, len, req + n);
  strcat(req + n, "\n");
  CK_RV rv = request(&conn, req, strlen(req), sm_now_ms() + SIGN_TIMEOUT_MS, &line);
  free(req);
  if (rv != CKR_OK) return rv;
  size_t hex_len = strncmp(line, "OK ", 3) == 0 ? strlen(line + 3) : 0;
  int refused = strncmp(line, "ERR ", 4) == 0;
  if (strncmp(line, "OK ", 3) != 0) {
    rv = refused ? agent_error(line) : CKR_DEVICE_ERROR;
  } else if ((*sig = malloc(hex_len / 2 + 1)) == NULL) {
    rv = CKR_HOST_MEMORY;
  } else if (hex_len == 0 || sm_hex_decode(line + 3, hex_len, *sig) != 0) {
    sm_log("the agent's SIGN answer is not a hex signature");
    free(*sig);
    *sig = NULL;
    rv = CKR_DEVICE_ERROR;
  } else {
    *sig_len = hex_len / 2;
  }
  /* A refusal or a signature read in full leaves the connection ready for the next request. */
  if (rv == CKR_OK || refused) sm_kept_give_back(&conn);
  else sm_conn_close(&conn);
  return rv;
}
