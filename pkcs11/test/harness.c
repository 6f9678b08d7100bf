#include "harness.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

CK_FUNCTION_LIST *p;

static char socket_path[256], tmpdir[128];
static int listen_fd = -1, agent_running;
static pthread_t agent_thread;
static void *lib;

/* Guards what the tests set and the connection threads read. */
static pthread_mutex_t agent_lock = PTHREAD_MUTEX_INITIALIZER;
static char last_sign[8192];
static int sign_count;
static char sign_answer[16384]; /* empty: a good signature */
static char slow_sha1[41];
static int slow_ms;
static char *list_answer;
static int connections[64], connection_count; /* open ones, which agent_stop ends as the agent's close does */
static int accepted;

static void build_list_answer(void) {
  size_t size = 8192;
  list_answer = malloc(size);
  char modulus[2 * 257 + 1] = "00";
  for (int i = 0; i < 256; i++) strcat(modulus, "c3");
  snprintf(list_answer, size,
           "OK 2\n"
           "IDENTITY " RSA_SHA1 "\nLABEL 416c696365\nCERT 3003020101\nSUBJECT 3001aa\nISSUER 3001bb\nSERIAL 020107\n"
           "KEY RSA 2048 %s 010001\nCA 3003020102 3001bb 3001cc 020108\n"
           "IDENTITY " EC_SHA1 "\nLABEL 426f62\nCERT 3003020103\nSUBJECT 3001dd\nISSUER 3001bb\nSERIAL 020109\n"
           "KEY EC 256 06082a8648ce3d030107 044104aabb\nCA 3003020102 3001bb 3001cc 020108\n"
           "END\n",
           modulus);
}

static void sleep_ms(int ms) {
  struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
  while (nanosleep(&ts, &ts) != 0) {
  }
}

static void good_signature(const char *line, char *reply) {
  if (strstr(line, " ECDSA_")) {
    /* r with its 0x00 sign byte, s one byte short: r||s must come out as 32 + 32 bytes */
    strcpy(reply, "OK 3044022100");
    strcat(reply, "80");
    for (int i = 0; i < 31; i++) strcat(reply, "11");
    strcat(reply, "021f");
    for (int i = 0; i < 31; i++) strcat(reply, "22");
  } else {
    strcpy(reply, "OK 00"); /* exactly the modulus' 256 bytes, the leading zero kept */
    for (int i = 0; i < 255; i++) strcat(reply, "ab");
  }
}

static void answer(int fd, const char *line) {
  static const char bad_request[] = "ERR bad_request 00\n";
  if (strcmp(line, "LIST") == 0) {
    if (write(fd, list_answer, strlen(list_answer)) < 0) return;
    return;
  }
  if (strncmp(line, "SIGN ", 5) != 0) {
    if (write(fd, bad_request, sizeof bad_request - 1) < 0) return;
    return;
  }
  char reply[sizeof sign_answer + 1];
  pthread_mutex_lock(&agent_lock);
  snprintf(last_sign, sizeof last_sign, "%s", line);
  sign_count++;
  int delay = slow_ms && strncmp(line + 5, slow_sha1, 40) == 0 ? slow_ms : 0;
  if (sign_answer[0]) strcpy(reply, sign_answer);
  else good_signature(line, reply);
  pthread_mutex_unlock(&agent_lock);
  if (delay) sleep_ms(delay);
  strcat(reply, "\n");
  if (write(fd, reply, strlen(reply)) < 0) return;
}

static void *connection_main(void *arg) {
  int fd = (int)(intptr_t)arg;
  char buf[8192];
  size_t len = 0;
  ssize_t n;
  while ((n = read(fd, buf + len, sizeof buf - 1 - len)) > 0) {
    len += (size_t)n;
    buf[len] = '\0';
    char *nl;
    while ((nl = strchr(buf, '\n')) != NULL) {
      *nl = '\0';
      answer(fd, buf);
      len -= (size_t)(nl + 1 - buf);
      memmove(buf, nl + 1, len + 1);
    }
  }
  pthread_mutex_lock(&agent_lock);
  for (int i = 0; i < connection_count; i++)
    if (connections[i] == fd) connections[i] = connections[--connection_count];
  pthread_mutex_unlock(&agent_lock);
  close(fd);
  return NULL;
}

static void *agent_main(void *arg) {
  (void)arg;
  for (;;) {
    int fd = accept(listen_fd, NULL, NULL);
    if (fd < 0) return NULL;
    pthread_mutex_lock(&agent_lock);
    accepted++;
    int tracked = connection_count < (int)(sizeof connections / sizeof connections[0]);
    if (tracked) connections[connection_count++] = fd;
    pthread_mutex_unlock(&agent_lock);
    if (!tracked) {
      close(fd);
      continue;
    }
    pthread_t t;
    if (pthread_create(&t, NULL, connection_main, (void *)(intptr_t)fd) != 0) close(fd);
    else pthread_detach(t);
  }
}

void agent_start(void) {
  struct sockaddr_un addr = {.sun_family = AF_UNIX};
  strcpy(addr.sun_path, socket_path);
  listen_fd = socket(AF_UNIX, SOCK_STREAM, 0);
  CHECK(bind(listen_fd, (struct sockaddr *)&addr, sizeof addr) == 0);
  CHECK(listen(listen_fd, 8) == 0);
  pthread_create(&agent_thread, NULL, agent_main, NULL);
  agent_running = 1;
}

void agent_stop(void) {
  if (!agent_running) return;
  agent_running = 0;
  shutdown(listen_fd, SHUT_RDWR);
  close(listen_fd);
  pthread_join(agent_thread, NULL);
  pthread_mutex_lock(&agent_lock);
  for (int i = 0; i < connection_count; i++) shutdown(connections[i], SHUT_RDWR);
  pthread_mutex_unlock(&agent_lock);
  unlink(socket_path);
}

int agent_connections_accepted(void) {
  pthread_mutex_lock(&agent_lock);
  int n = accepted;
  pthread_mutex_unlock(&agent_lock);
  return n;
}

void agent_answer_sign_with(const char *line) {
  pthread_mutex_lock(&agent_lock);
  snprintf(sign_answer, sizeof sign_answer, "%s", line ? line : "");
  pthread_mutex_unlock(&agent_lock);
}

void agent_slow_for(const char *sha1, int delay_ms) {
  pthread_mutex_lock(&agent_lock);
  snprintf(slow_sha1, sizeof slow_sha1, "%s", sha1 ? sha1 : "");
  slow_ms = sha1 ? delay_ms : 0;
  pthread_mutex_unlock(&agent_lock);
}

int agent_sign_count(void) {
  pthread_mutex_lock(&agent_lock);
  int n = sign_count;
  pthread_mutex_unlock(&agent_lock);
  return n;
}

int agent_await_signs(int count) {
  for (long long end = now_ms() + 5000; now_ms() < end; sleep_ms(5))
    if (agent_sign_count() >= count) return 0;
  return -1;
}

int agent_last_sign_is(const char *sha1, const char *algorithm, const char *data_hex) {
  char expect[4096];
  snprintf(expect, sizeof expect, "SIGN %s %s %s", sha1, algorithm, data_hex);
  pthread_mutex_lock(&agent_lock);
  int same = strcmp(last_sign, expect) == 0;
  if (!same) fprintf(stderr, "sent:     %s\nexpected: %s\n", last_sign, expect);
  pthread_mutex_unlock(&agent_lock);
  return same;
}

int harness_start(const char *module) {
  strcpy(tmpdir, "/tmp/sm-pkcs11-test-XXXXXX");
  CHECK(mkdtemp(tmpdir) != NULL);
  snprintf(socket_path, sizeof socket_path, "%s/agent.sock", tmpdir);
  setenv("SIGNING_MANAGER_AGENT_SOCKET", socket_path, 1);
  build_list_answer();
  agent_start();

  lib = dlopen(module, RTLD_NOW | RTLD_LOCAL);
  CHECK(lib != NULL);
  if (lib == NULL) return -1;
  CK_RV (*get)(CK_FUNCTION_LIST_PTR_PTR) = NULL;
  void *sym = dlsym(lib, "C_GetFunctionList");
  memcpy(&get, &sym, sizeof get); /* ISO C has no cast from an object pointer to a function pointer */
  CHECK(get != NULL && get(&p) == CKR_OK);
  return get != NULL && p != NULL ? 0 : -1;
}

int harness_finish(void) {
  agent_stop();
  if (lib != NULL) dlclose(lib);
  free(list_answer);
  unlink(socket_path);
  rmdir(tmpdir);
  return check_failures;
}

long long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

CK_ULONG find(CK_SESSION_HANDLE s, CK_ATTRIBUTE *t, CK_ULONG n, CK_OBJECT_HANDLE *out) {
  CK_ULONG count = 0, total = 0;
  CHECK(p->C_FindObjectsInit(s, t, n) == CKR_OK);
  do { /* one at a time, as pkcs11-tool asks */
    CHECK(p->C_FindObjects(s, out + total, 1, &count) == CKR_OK);
    total += count;
  } while (count > 0 && total < 16);
  CHECK(p->C_FindObjectsFinal(s) == CKR_OK);
  return total;
}

CK_OBJECT_HANDLE find_key(CK_SESSION_HANDLE s, CK_OBJECT_CLASS cls, const char *label) {
  CK_OBJECT_HANDLE h[16];
  CK_ATTRIBUTE t[] = {{CKA_CLASS, &cls, sizeof cls}, {CKA_LABEL, (void *)label, strlen(label)}};
  CHECK(find(s, t, 2, h) == 1);
  return h[0];
}

CK_RV sign_once(CK_SESSION_HANDLE s, CK_MECHANISM *m, CK_OBJECT_HANDLE key, const void *data, CK_ULONG len,
                unsigned char *sig, CK_ULONG *sig_len) {
  CK_RV rv = p->C_SignInit(s, m, key);
  if (rv != CKR_OK) return rv;
  return p->C_Sign(s, (CK_BYTE_PTR)data, len, sig, sig_len);
}
