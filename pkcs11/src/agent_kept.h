/* Connections to the agent kept open between requests: a new connection per signature cost more
 * than the rest of the module's part. A request takes an idle connection (or connects) and gives
 * it back once its answer is read in full, so no two threads ever share one. */
#ifndef SM_AGENT_KEPT_H
#define SM_AGENT_KEPT_H
#include "agent.h"

/* An idle connection that still looks open into *conn: 0, or -1 when there is none. */
int sm_kept_take(sm_conn *conn);
/* Keeps a connection whose answer was read in full; closes it when enough are kept. */
void sm_kept_give_back(sm_conn *conn);

/* Closes the connections kept open between requests (C_Finalize). */
void sm_agent_disconnect(void);
/* Around fork(): the list of kept connections is not inherited half-changed, and the child closes
 * its copies of them (pthread_atfork's prepare, parent and child). */
void sm_agent_fork_prepare(void);
void sm_agent_fork_parent(void);
void sm_agent_fork_child(void);

#endif
