package io.signingmanager.common.client;

import io.signingmanager.common.protocol.ErrorCode;
import io.signingmanager.common.protocol.SignBatchRequest;
import io.signingmanager.common.protocol.SignBatchResponse;
import io.signingmanager.common.protocol.SignBatchResult;
import io.signingmanager.common.protocol.SignRequest;
import io.signingmanager.common.protocol.SignResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Coalesces concurrent sign calls into batch calls, as the service's audit group commit coalesces
 * commits: each caller hands in one {@link SignRequest} and blocks for its own answer. A caller that
 * finds no call in flight sends at once (alone, through the plain sign call: no delay, and the same
 * answer as ever); while a call is in flight, the callers that come gather and go together as the
 * next batch, up to {@link SignBatchRequest#MAX_ITEMS}. So jsign, JarSigner and the Apple signers keep
 * signing one digest at a time, and many of them at once still cost few round trips.
 *
 * <p>A refused item fails only its caller, with the {@link SigningServiceException} a single sign call
 * would have given (the code's HTTP status, code and message); a call that fails as a whole (unreachable,
 * refused caller) fails every caller of its batch with that exception.
 */
public final class SignBatcher {
    /** The plain sign call, for a caller alone. */
    @FunctionalInterface
    public interface SingleCall {
        SignResponse sign(SignRequest request) throws SigningServiceException;
    }

    /** The batch sign call, for two or more callers. */
    @FunctionalInterface
    public interface BatchCall {
        SignBatchResponse sign(SignBatchRequest request) throws SigningServiceException;
    }

    /** One caller's request and where its answer goes. */
    private record Pending(SignRequest request, CompletableFuture<SignResponse> answer) {
    }

    private final SingleCall single;
    private final BatchCall batch;
    private final int maxItems;
    private final Object lock = new Object();
    /** The requests not sent yet, oldest first; guarded by {@code lock}. */
    private final List<Pending> waiting = new ArrayList<>();
    /** Whether a caller is sending; guarded by {@code lock}. */
    private boolean sending;

    public SignBatcher(SingleCall single, BatchCall batch) {
        this(single, batch, SignBatchRequest.MAX_ITEMS);
    }

    /** {@code maxItems}: the most items one batch carries (the service's limit, or less for a test). */
    SignBatcher(SingleCall single, BatchCall batch, int maxItems) {
        this.single = single;
        this.batch = batch;
        this.maxItems = maxItems;
    }

    /** A batcher over the client's sign and sign-batch calls with that client token. */
    public static SignBatcher of(SigningServiceClient client, String clientToken) {
        return new SignBatcher(request -> client.sign(clientToken, request), request -> client.signBatch(clientToken, request));
    }

    /** Signs {@code request}, alone or in a batch with other callers' requests; blocks until its answer is there. */
    public SignResponse sign(SignRequest request) throws SigningServiceException {
        Pending mine = new Pending(request, new CompletableFuture<>());
        boolean interrupted = false;
        try {
            synchronized (lock) {
                waiting.add(mine);
            }
            // The caller that finds no call in flight sends what waits, its own request first in line, and
            // then wakes the others: those answered return, one of the rest sends the next batch.
            while (true) {
                synchronized (lock) {
                    while (sending && !mine.answer().isDone()) {
                        try {
                            lock.wait();
                        } catch (InterruptedException e) {
                            interrupted = true;
                            if (waiting.remove(mine)) {
                                throw SigningServiceException.failed(SigningServiceException.Failure.UNREACHABLE, 0,
                                        "Interrupted", e);
                            }
                            // Already on the wire: its answer is waited for, the interrupt kept for later.
                        }
                    }
                    if (mine.answer().isDone()) {
                        return answerOf(mine);
                    }
                    sending = true;
                }
                // An interrupt meant for this caller must not cut the others' call short.
                interrupted |= Thread.interrupted();
                try {
                    send(take());
                } finally {
                    synchronized (lock) {
                        sending = false;
                        lock.notifyAll();
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private List<Pending> take() {
        synchronized (lock) {
            List<Pending> taken = new ArrayList<>(waiting.subList(0, Math.min(waiting.size(), maxItems)));
            waiting.subList(0, taken.size()).clear();
            return taken;
        }
    }

    private void send(List<Pending> items) {
        if (items.isEmpty()) {
            return;
        }
        try {
            if (items.size() == 1) {
                items.get(0).answer().complete(single.sign(items.get(0).request()));
                return;
            }
            List<SignBatchResult> results = batch.sign(new SignBatchRequest(items.stream().map(Pending::request).toList()))
                    .results();
            if (results == null || results.size() != items.size()) {
                throw SigningServiceException.failed(SigningServiceException.Failure.BAD_ANSWER, 200, "The Signing Service"
                        + " answered " + (results == null ? "no" : results.size()) + " results for " + items.size() + " items",
                        null);
            }
            for (int i = 0; i < items.size(); i++) {
                answer(items.get(i), results.get(i));
            }
        } catch (SigningServiceException | RuntimeException e) {
            items.forEach(item -> item.answer().completeExceptionally(e));
        }
    }

    private static void answer(Pending item, SignBatchResult result) {
        if (result.isSigned()) {
            item.answer().complete(new SignResponse(result.signature(), result.receipt()));
            return;
        }
        ErrorCode code = ErrorCode.fromWire(result.error());
        // A code from a newer service has no status this client knows: it reads as a refusal it cannot tell apart.
        item.answer().completeExceptionally(SigningServiceException.refused(code == null ? 0 : code.status(),
                result.error(), result.message()));
    }

    /** The answer of a request that has one. */
    private static SignResponse answerOf(Pending pending) throws SigningServiceException {
        try {
            return pending.answer().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof SigningServiceException failure) {
                throw failure;
            }
            throw e;
        }
    }
}
