package io.signingmanager.service.clientapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signingmanager.common.protocol.ErrorCode;
import io.signingmanager.service.failure.Refusal;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The jobs of a call signed on the machine's cores, with real RSA-2048 signatures: order, threads, failures. */
class ParallelSignerTest {
    private static final int CORES = Runtime.getRuntime().availableProcessors();
    private static KeyPair key;

    @BeforeAll
    static void makeKey() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        key = generator.generateKeyPair();
    }

    @Test
    void manyJobsAreSignedOnAtMostTheCoresThreadsAndAnsweredInTheirOrder() throws Exception {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        List<Integer> jobs = IntStream.range(0, 120).boxed().toList();

        List<ParallelSigner.Outcome> outcomes = ParallelSigner.signAll(jobs, job -> {
            threads.add(Thread.currentThread().getName());
            if (job % 7 == 3) {
                throw Refusal.badRequest("job " + job + " refused");
            }
            return sign(job);
        });

        assertThat(outcomes).hasSize(jobs.size());
        for (int job : jobs) {
            ParallelSigner.Outcome outcome = outcomes.get(job);
            if (job % 7 == 3) {
                assertThat(outcome.signature()).isNull();
                assertThat(outcome.refusal()).hasMessage("job " + job + " refused");
            } else {
                assertThat(outcome.refusal()).isNull();
                assertThat(verifies(job, outcome.signature())).as("job %d", job).isTrue();
            }
        }
        assertThat(threads).contains(Thread.currentThread().getName()).hasSizeLessThanOrEqualTo(CORES);
        if (CORES > 1) {
            assertThat(threads).as("threads that signed").anyMatch(name -> name.startsWith("signing-service-batch-"));
        }
    }

    @Test
    void aFewJobsStayOnTheCallingThread() {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        List<Integer> jobs = IntStream.range(0, 2 * ParallelSigner.MIN_JOBS_PER_THREAD - 1).boxed().toList();

        List<ParallelSigner.Outcome> outcomes = ParallelSigner.signAll(jobs, job -> {
            threads.add(Thread.currentThread().getName());
            return sign(job);
        });

        assertThat(outcomes).hasSize(jobs.size()).allSatisfy(outcome -> assertThat(outcome.signature()).isNotNull());
        assertThat(threads).containsExactly(Thread.currentThread().getName());
        assertThat(ParallelSigner.signAll(List.<Integer>of(), job -> sign(job))).isEmpty();
    }

    @Test
    void aRuntimeFailureOfOneJobStopsTheOthersAndFailsTheWholeCall() {
        AtomicInteger signed = new AtomicInteger();
        List<Integer> jobs = IntStream.range(0, 100).boxed().toList();

        assertThatThrownBy(() -> ParallelSigner.signAll(jobs, job -> {
            if (job == 10) {
                throw new IllegalStateException("the database is gone");
            }
            signed.incrementAndGet();
            return sign(job);
        })).isInstanceOf(IllegalStateException.class).hasMessage("the database is gone");
        assertThat(signed.get()).as("jobs signed after the failure").isLessThan(50);
    }

    private static byte[] sign(int job) throws Refusal {
        try {
            Signature signer = Signature.getInstance("SHA256withRSA");
            signer.initSign(key.getPrivate());
            signer.update(data(job));
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new Refusal(ErrorCode.INTERNAL, e.getMessage(), e);
        }
    }

    private static boolean verifies(int job, byte[] signature) throws GeneralSecurityException {
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(key.getPublic());
        verifier.update(data(job));
        return verifier.verify(signature);
    }

    private static byte[] data(int job) {
        return ("job " + job).getBytes(StandardCharsets.UTF_8);
    }
}
