#include "agent_kept.h"

#include <poll.h>
#include <pthread.h>
#include <stdlib.h>

#define KEPT_MAX 4          /* idle connections kept open: one per thread signing at once, for a few */
#define KEPT_IDLE_MS 20000  /* the agent closes a connection idle for 30 s: one idle this long is not reused */
#define KEPT_BUF_MAX 65536  /* a read buffer grown larger (a LIST answer) is freed before the connection is kept */

/* The lock guards only the list. The agent checks a connection's peer once, when it connects: the
 * uid of a unix socket's peer cannot change, so a kept connection is still this process's. */

typedef struct { sm_conn conn; long long idle_since; } kept_conn;

static pthread_mutex_t kept_lock = PTHREAD_MUTEX_INITIALIZER;
static kept_conn kept[KEPT_MAX];
static size_t kept_count;

/* Still open: nothing to read (no end of file, no stray bytes), and idle for less than the agent allows. */
int sm_kept_take(sm_conn *conn) {
  for (;;) {
    pthread_mutex_lock(&kept_lock);
    if (kept_count == 0) {
      pthread_mutex_unlock(&kept_lock);
      return -1;
    }
    kept_conn k = kept[--kept_count];
    pthread_mutex_unlock(&kept_lock);
    struct pollfd p = {k.conn.fd, POLLIN, 0};
    if (sm_now_ms() - k.idle_since < KEPT_IDLE_MS && poll(&p, 1, 0) == 0) {
      *conn = k.conn;
      return 0;
    }
    sm_conn_close(&k.conn);
  }
}

void sm_kept_give_back(sm_conn *conn) {
  if (conn->len != 0) {
    sm_conn_close(conn);
    return;
  }
  if (conn->cap > KEPT_BUF_MAX) {
    free(conn->buf);
    conn->buf = NULL;
    conn->cap = 0;
  }
  conn->start = 0;
  pthread_mutex_lock(&kept_lock);
  if (kept_count < KEPT_MAX) {
    kept[kept_count++] = (kept_conn){*conn, sm_now_ms()};
    conn = NULL;
  }
  pthread_mutex_unlock(&kept_lock);
  if (conn != NULL) sm_conn_close(conn);
}

void sm_agent_disconnect(void) {
  pthread_mutex_lock(&kept_lock);
  while (kept_count > 0) sm_conn_close(&kept[--kept_count].conn);
  pthread_mutex_unlock(&kept_lock);
}

/* Also when the module is unloaded: a signature that ended after C_Finalize gave its connection back. */
__attribute__((destructor)) static void disconnect_on_unload(void) { sm_agent_disconnect(); }

void sm_agent_fork_prepare(void) { pthread_mutex_lock(&kept_lock); }

void sm_agent_fork_parent(void) { pthread_mutex_unlock(&kept_lock); }

/* The child's copies of the parent's connections are closed (the parent's stay open): answers on
 * them are the parent's. */
void sm_agent_fork_child(void) {
  while (kept_count > 0) sm_conn_close(&kept[--kept_count].conn);
  pthread_mutex_unlock(&kept_lock);
}

