package io.signingmanager.service.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

class GroupCommitTest {
    // The gap between arrivals in the gathering tests: long against a loaded machine's scheduling delays.
    private static final Duration GAP = Duration.ofMillis(400);

    @Test
    void everyCallerGetsItsOwnResultOnlyAfterItsItemIsWritten() throws Exception {
        Set<Integer> written = ConcurrentHashMap.newKeySet();
        AtomicInteger writersAtOnce = new AtomicInteger();
        AtomicInteger mostWritersAtOnce = new AtomicInteger();
        AtomicInteger batches = new AtomicInteger();
        GroupCommit<Integer, String> commits = new GroupCommit<>(8, Duration.ZERO, items -> {
            mostWritersAtOnce.accumulateAndGet(writersAtOnce.incrementAndGet(), Math::max);
            batches.incrementAndGet();
            sleep(1);
            written.addAll(items);
            writersAtOnce.decrementAndGet();
            return items.stream().map(i -> "record " + i).toList();
        });
        ExecutorService callers = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int thread = t;
                done.add(callers.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        int item = thread * 1000 + i;
                        assertThat(commits.submit(item)).isEqualTo("record " + item);
                        assertThat(written).contains(item);
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            callers.shutdownNow();
        }
        assertThat(written).hasSize(800);
        assertThat(mostWritersAtOnce).hasValue(1);
        assertThat(batches.get()).isLessThan(800);
    }

    @Test
    void aFailedBatchFailsItsCallersAndTheNextBatchStillRuns() {
        AtomicInteger calls = new AtomicInteger();
        GroupCommit<String, String> commits = new GroupCommit<>(8, Duration.ZERO, items -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("disk full");
            }
            return items;
        });

        assertThatThrownBy(() -> commits.submit("first")).hasMessage("disk full");
        assertThat(commits.submit("second")).isEqualTo("second");
    }

    @Test
    void aWriterAnsweringTheWrongNumberOfResultsFailsTheBatch() {
        GroupCommit<String, String> commits = new GroupCommit<>(8, Duration.ZERO, items -> List.of());

        assertThatThrownBy(() -> commits.submit("one")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("0 results for 1 items");
    }

    @Test
    void underSteadyLoadTheWriterWaitsForTheNextItemAndCommitsBothTogether() throws Exception {
        List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        GroupCommit<String, String> commits = new GroupCommit<>(8, Duration.ofSeconds(2), items -> {
            batchSizes.add(items.size());
            return items;
        });
        for (int i = 0; i < 10; i++) {
            commits.submit("steady " + i);
            sleep(50);
        }
        ExecutorService second = Executors.newSingleThreadExecutor();
        try {
            // The gaps so far average about 50 ms, so the writer of "first" waits about that long: "second" joins it.
            Future<String> late = second.submit(() -> {
                sleep(5);
                return commits.submit("second");
            });
            assertThat(commits.submit("first")).isEqualTo("first");
            assertThat(late.get(10, TimeUnit.SECONDS)).isEqualTo("second");
        } finally {
            second.shutdownNow();
        }
        assertThat(batchSizes.get(batchSizes.size() - 1)).isEqualTo(2);
    }

    @Test
    void aCallersItemsGoInOneWriteWholeEvenOverTheLimitWithOthersAroundThem() throws Exception {
        List<List<Integer>> writes = new CopyOnWriteArrayList<>();
        GroupCommit<Integer, String> commits = new GroupCommit<>(8, Duration.ZERO, items -> {
            writes.add(List.copyOf(items));
            sleep(2);
            return items.stream().map(i -> "record " + i).toList();
        });
        ExecutorService callers = Executors.newFixedThreadPool(6);
        try {
            List<Future<List<String>>> done = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                int thread = t;
                done.add(callers.submit(() -> {
                    List<String> answers = new ArrayList<>();
                    for (int round = 0; round < 5; round++) {
                        List<Integer> mine = new ArrayList<>();
                        for (int i = 0; i < 3 + thread * 2; i++) {
                            mine.add(thread * 10_000 + round * 100 + i);
                        }
                        List<String> results = commits.submitAll(mine);
                        assertThat(results).isEqualTo(mine.stream().map(i -> "record " + i).toList());
                        answers.addAll(results);
                    }
                    return answers;
                }));
            }
            for (Future<List<String>> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            callers.shutdownNow();
        }
        // Each caller's items (13 for the last thread, over the limit of 8) sit together, in order, in one write.
        for (List<Integer> write : writes) {
            for (int i = 1; i < write.size(); i++) {
                int previous = write.get(i - 1);
                int item = write.get(i);
                if (item / 100 == previous / 100) {
                    assertThat(item).isEqualTo(previous + 1);
                } else {
                    assertThat(item % 100).as("a caller's first item").isZero();
                }
            }
            assertThat(write.size() <= 8 || write.stream().map(i -> i / 100).distinct().count() == 1)
                    .as("a write over the limit holds one caller's items only: %s", write).isTrue();
        }
        assertThat(commits.submitAll(List.of())).isEmpty();
    }

    @Test
    void clientsWaitingForTheirAnswersEndUpInOneCommit() throws Exception {
        int clients = 8;
        List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        GroupCommit<Integer, Integer> commits = new GroupCommit<>(64, Duration.ofMillis(50), items -> {
            batchSizes.add(items.size());
            return items;
        });
        ExecutorService callers = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < clients; t++) {
                done.add(callers.submit(() -> {
                    // Each client's next item comes a while after its last answer, as a request's work
                    // would, the while differing from item to item so the clients do not march in step.
                    for (int i = 0; i < 40; i++) {
                        LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(200_000, 2_000_000));
                        commits.submit(i);
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            callers.shutdownNow();
        }
        // Waiting a single gap gathers two or three of the eight; waiting while items keep coming, nearly all.
        double mean = batchSizes.stream().mapToInt(Integer::intValue).average().orElseThrow();
        assertThat(mean).isGreaterThan(clients * 0.6);
    }

    @Test
    void aCallerBringingAFullBatchOfItemsIsWrittenWithoutWaitingForMore() {
        GroupCommit<Integer, Integer> commits = new GroupCommit<>(8, Duration.ofSeconds(5), items -> items);
        steadyGapsOf(commits, GAP);
        long start = System.nanoTime();

        // One caller, eight items: the limit is reached, nothing more could join this write.
        assertThat(commits.submitAll(List.of(1, 2, 3, 4, 5, 6, 7, 8))).hasSize(8);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(GAP.dividedBy(2));
    }

    @Test
    void aWriterWaitingForMoreStopsOnceTheQueuedItemsFillTheBatchThoughFewCallersBroughtThem() throws Exception {
        List<List<Integer>> writes = new CopyOnWriteArrayList<>();
        GroupCommit<Integer, Integer> commits = new GroupCommit<>(8, Duration.ofSeconds(5), items -> {
            writes.add(List.copyOf(items));
            return items;
        });
        steadyGapsOf(commits, GAP);
        ExecutorService first = Executors.newSingleThreadExecutor();
        try {
            // The writer of 0 waits about one gap for more; a second caller brings 7 items meanwhile, so
            // the two callers' 8 items fill the batch. Counting callers (2 of 8) it would wait a gap more.
            Future<Long> alone = first.submit(() -> {
                long start = System.nanoTime();
                commits.submit(0);
                return System.nanoTime() - start;
            });
            sleep(GAP.toMillis() / 8);
            commits.submitAll(List.of(1, 2, 3, 4, 5, 6, 7));

            assertThat(Duration.ofNanos(alone.get(10, TimeUnit.SECONDS))).isLessThan(GAP.multipliedBy(3).dividedBy(4));
        } finally {
            first.shutdownNow();
        }
        assertThat(writes.get(writes.size() - 1)).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7);
    }

    @Test
    void onAQuietServiceTheWriterDoesNotWait() {
        GroupCommit<String, String> commits = new GroupCommit<>(8, Duration.ofMillis(30), items -> items);
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            commits.submit("quiet " + i);
            // Waiting would cost a whole gap, about 100 ms.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(60));
            sleep(100);
        }
    }

    /** Arrivals one gap apart: the first item comes that long after the start, so the mean gap is that at once. */
    private static void steadyGapsOf(GroupCommit<Integer, Integer> commits, Duration gap) {
        sleep(gap.toMillis());
        commits.submit(-1);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
