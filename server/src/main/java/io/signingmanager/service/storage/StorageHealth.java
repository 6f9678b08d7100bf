package io.signingmanager.service.storage;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the database took its last write, and if not, why and since when: what the health and
 * diagnostics calls report. Only the change of state is logged, so a full disk under load writes
 * two lines, not one per refused call.
 */
public final class StorageHealth {
    private static final Logger LOG = LoggerFactory.getLogger(StorageHealth.class);
    private static final State WRITABLE = new State(true, null, null);

    /** {@code problem} and {@code since} are null while the database takes writes. */
    public record State(boolean writable, String problem, Instant since) {
    }

    private final AtomicReference<State> state = new AtomicReference<>(WRITABLE);

    public State state() {
        return state.get();
    }

    void failed(String problem) {
        State before = state.getAndUpdate(s -> new State(false, problem, s.writable() ? Instant.now() : s.since()));
        if (before.writable()) {
            LOG.error("The database cannot be written ({}); calls answer 503 until it can", problem);
        }
    }

    void wrote() {
        // A plain read first: this runs after every commit, and the state is nearly always unchanged.
        if (!state.get().writable()) {
            State before = state.getAndSet(WRITABLE);
            if (!before.writable()) {
                LOG.warn("The database takes writes again, after {} s without",
                        Duration.between(before.since(), Instant.now()).toSeconds());
            }
        }
    }
}
