package io.signingmanager.service.audit;

import io.signingmanager.common.protocol.ErrorCode;
import io.signingmanager.service.audit.AuditEntry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * What the audit keeps of a call refused before its caller is known (a protocol call with no token or
 * an unknown one, a sign-in refused while locked): the request type, a fixed reason and the remote address, nothing the caller sent, and at
 * most {@link #RECORDS_PER_WINDOW} such records per address and minute. The calls beyond that are
 * counted, and the next record written for the address says how many went unrecorded, so nobody can
 * fill the disk or slow the chain check through the audit without an account.
 *
 * <p>The counts live in memory, per replica: N replicas behind a balancer write at most N times as
 * many records, and a restart forgets the counts not yet written. At most {@link #MAX_ADDRESSES}
 * addresses are tracked; beyond that (an attacker with many addresses) the others share one count.
 */
public final class AnonymousFailures {
    public static final int RECORDS_PER_WINDOW = 5;
    public static final Duration WINDOW = Duration.ofMinutes(1);
    static final int MAX_ADDRESSES = 10_000;
    // A full table is swept for expired windows at most this often, not on every new address.
    private static final Duration SWEEP_INTERVAL = Duration.ofSeconds(1);

    private final Clock clock;
    private final Map<String, Window> windows = new HashMap<>();
    // The share of every address not tracked on its own, and the counts of windows swept away unreported.
    private final Window others = new Window(Instant.MIN);
    private Instant nextSweep = Instant.MIN;

    AnonymousFailures(Clock clock) {
        this.clock = clock;
    }

    /** One address's records in its current window, and the refused calls not recorded since its last record. */
    private static final class Window {
        Instant start;
        int recorded;
        long dropped;

        Window(Instant start) {
            this.start = start;
        }
    }

    /**
     * The audit entry for a call of {@code requestType} from {@code address} refused with {@code code}
     * before its caller was known, or {@code null} when the address has had its share this minute
     * (the call is counted instead). {@code credential} names what was missing or unknown.
     */
    synchronized AuditEntry admit(RequestType requestType, ErrorCode code, Credential credential, String address) {
        Instant now = clock.instant();
        Window window = windowOf(address, now);
        if (!now.isBefore(window.start.plus(WINDOW))) {
            window.start = now;
            window.recorded = 0;
        }
        if (window.recorded >= RECORDS_PER_WINDOW) {
            window.dropped++;
            return null;
        }
        window.recorded++;
        String reason = reason(code, credential);
        if (window.dropped > 0) {
            reason += "; " + window.dropped + " more refused calls from "
                    + (window == others ? "other addresses" : "this address") + " not recorded";
            window.dropped = 0;
        }
        // The shared count goes out with whichever record comes next, not only with the next untracked call.
        if (others.dropped > 0) {
            reason += "; " + others.dropped + " more refused calls from other addresses not recorded";
            others.dropped = 0;
        }
        return AuditEntry.of(requestType, address).failed(reason);
    }

    /** How many addresses are tracked on their own (for tests of the bound). */
    synchronized int tracked() {
        return windows.size();
    }

    private Window windowOf(String address, Instant now) {
        Window window = windows.get(address);
        if (window != null) {
            return window;
        }
        if (windows.size() >= MAX_ADDRESSES && !now.isBefore(nextSweep)) {
            sweep(now);
        }
        if (windows.size() >= MAX_ADDRESSES) {
            return others;
        }
        window = new Window(now);
        windows.put(address, window);
        return window;
    }

    /** Forgets the addresses whose window is over; what they dropped unreported is reported with the others'. */
    private void sweep(Instant now) {
        nextSweep = now.plus(SWEEP_INTERVAL);
        for (Iterator<Window> it = windows.values().iterator(); it.hasNext(); ) {
            Window window = it.next();
            if (!now.isBefore(window.start.plus(WINDOW))) {
                others.dropped += window.dropped;
                it.remove();
            }
        }
    }

    /** Fixed words for the failure: no part of it comes from the call. */
    private static String reason(ErrorCode code, Credential credential) {
        return switch (code) {
            case UNAUTHENTICATED -> code.wire() + ": no " + credential.words() + " or an unknown one";
            case ACCOUNT_LOCKED -> code.wire() + ": refused while locked after repeated failures";
            case INTERNAL -> "internal error";
            default -> code.wire() + ": refused before the caller was known";
        };
    }
}
