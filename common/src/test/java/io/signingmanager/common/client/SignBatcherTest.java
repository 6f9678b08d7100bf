package io.signingmanager.common.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signingmanager.common.protocol.SignBatchRequest;
import io.signingmanager.common.protocol.SignBatchResponse;
import io.signingmanager.common.protocol.SignBatchResult;
import io.signingmanager.common.protocol.SignRequest;
import io.signingmanager.common.protocol.SignResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How the batcher gathers callers: the calls it makes are recorded by two small functions standing
 * for the wire (the service's side is tested against a real service in client-fx's provider tests).
 * A request's data is its name; a signature is "sig:" and that name; "bad" items are refused.
 */
class SignBatcherTest {
    private final List<Integer> calls = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch firstCallMayAnswer = new CountDownLatch(1);
    private final ExecutorService callers = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        callers.shutdownNow();
    }

    private SignBatcher batcher(int maxItems, boolean holdFirstCall) {
        return new SignBatcher(request -> {
            calls.add(1);
            hold(holdFirstCall);
            return answer(request);
        }, batch -> {
            calls.add(batch.items().size());
            if (batch.items().stream().anyMatch(item -> item.data().equals("refuse-all"))) {
                throw SigningServiceException.refused(403, "client_inactive", "This client is inactive");
            }
            return new SignBatchResponse(batch.items().stream().map(item -> item.data().startsWith("bad")
                    ? SignBatchResult.refused("unknown_certificate", "No certificate " + item.sha1())
                    : SignBatchResult.signed(answer(item).signature())).toList());
        }, maxItems);
    }

    private void hold(boolean holdFirstCall) {
        if (holdFirstCall && calls.size() == 1) {
            try {
                firstCallMayAnswer.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static SignResponse answer(SignRequest request) {
        return new SignResponse("sig:" + request.data());
    }

    private static SignRequest request(String name) {
        return new SignRequest("AB", "SHA256withRSA", name, null);
    }

    @Test
    void aCallerAloneSendsAtOnceThroughThePlainCall() throws Exception {
        SignBatcher batcher = batcher(SignBatchRequest.MAX_ITEMS, false);
        assertThat(batcher.sign(request("one")).signature()).isEqualTo("sig:one");
        assertThat(batcher.sign(request("two")).signature()).isEqualTo("sig:two");
        assertThat(calls).containsExactly(1, 1);
    }

    @Test
    void callersThatComeWhileACallIsInFlightGoTogetherAsTheNextBatch() throws Exception {
        SignBatcher batcher = batcher(SignBatchRequest.MAX_ITEMS, true);
        Future<SignResponse> first = callers.submit(() -> batcher.sign(request("first")));
        waitFor(() -> calls.size() == 1);
        List<Future<SignResponse>> others = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String name = i == 7 ? "bad7" : "item" + i;
            others.add(callers.submit(() -> batcher.sign(request(name))));
        }
        waitFor(() -> waitingThreads() == 50);
        firstCallMayAnswer.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS).signature()).isEqualTo("sig:first");
        for (int i = 0; i < 50; i++) {
            Future<SignResponse> other = others.get(i);
            if (i == 7) {
                assertThatThrownBy(() -> other.get(10, TimeUnit.SECONDS)).cause().isInstanceOfSatisfying(
                        SigningServiceException.class, refused -> {
                            assertThat(refused.status()).isEqualTo(404);
                            assertThat(refused.error()).isEqualTo("unknown_certificate");
                            assertThat(refused.getMessage()).isEqualTo("No certificate AB");
                        });
            } else {
                assertThat(other.get(10, TimeUnit.SECONDS).signature()).isEqualTo("sig:item" + i);
            }
        }
        assertThat(calls).containsExactly(1, 50);
    }

    @Test
    void aBatchHoldsAtMostMaxItemsAndTheRestGoNext() throws Exception {
        SignBatcher batcher = batcher(20, true);
        Future<SignResponse> first = callers.submit(() -> batcher.sign(request("first")));
        waitFor(() -> calls.size() == 1);
        List<Future<SignResponse>> others = new ArrayList<>();
        for (int i = 0; i < 45; i++) {
            String name = "item" + i;
            others.add(callers.submit(() -> batcher.sign(request(name))));
        }
        waitFor(() -> waitingThreads() == 45);
        firstCallMayAnswer.countDown();
        first.get(10, TimeUnit.SECONDS);
        for (int i = 0; i < 45; i++) {
            assertThat(others.get(i).get(10, TimeUnit.SECONDS).signature()).isEqualTo("sig:item" + i);
        }
        assertThat(calls).containsExactly(1, 20, 20, 5);
    }

    @Test
    void aRefusedCallFailsEveryCallerOfItsBatch() throws Exception {
        SignBatcher batcher = batcher(SignBatchRequest.MAX_ITEMS, true);
        Future<SignResponse> first = callers.submit(() -> batcher.sign(request("first")));
        waitFor(() -> calls.size() == 1);
        List<Future<SignResponse>> others = new ArrayList<>();
        for (String name : List.of("a", "refuse-all", "b")) {
            others.add(callers.submit(() -> batcher.sign(request(name))));
        }
        waitFor(() -> waitingThreads() == 3);
        firstCallMayAnswer.countDown();
        first.get(10, TimeUnit.SECONDS);
        for (Future<SignResponse> other : others) {
            assertThatThrownBy(() -> other.get(10, TimeUnit.SECONDS)).cause().isInstanceOfSatisfying(
                    SigningServiceException.class, refused -> assertThat(refused.error()).isEqualTo("client_inactive"));
        }
        assertThat(batcher.sign(request("after")).signature()).isEqualTo("sig:after");
    }

    /** The callers parked in the batcher: they wait on its lock while the first call is held. */
    private static long waitingThreads() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(entry -> entry.getKey().getState() == Thread.State.WAITING)
                .filter(entry -> Arrays.stream(entry.getValue()).anyMatch(frame ->
                        frame.getClassName().equals(SignBatcher.class.getName())))
                .count();
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out");
            }
            Thread.sleep(5);
        }
    }
}
