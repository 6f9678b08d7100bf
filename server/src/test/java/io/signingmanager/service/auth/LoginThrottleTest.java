package io.signingmanager.service.auth;

import static io.signingmanager.service.testing.TestService.expect;
import static org.assertj.core.api.Assertions.assertThat;

import io.signingmanager.common.json.Json;
import io.signingmanager.service.storage.Sql;
import io.signingmanager.service.testing.Http;
import io.signingmanager.service.testing.RawHttps;
import io.signingmanager.service.testing.RunningService;
import io.signingmanager.service.testing.TestService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sign-in limits under attack: parallel guesses, guesses from another address, a name locked by
 * many addresses, and many unknown names at once. Other addresses are other loopback addresses
 * (127.0.0.x) that the test's connections are bound to.
 */
class LoginThrottleTest {
    private static final String WRONG = "not the password";

    @RunningService
    private TestService service;

    @BeforeEach
    void start() {
        service.adminToken();
    }

    @Test
    void parallelWrongPasswordsAreCountedBeforeTheyAreCheckedAndTheRightOneIsThenRefused() throws Exception {
        List<Http.Answer> answers = parallel(30, i -> loginFrom("127.0.0.1", "admin", WRONG + i));
        System.out.println("Wrong passwords, 30 in parallel: " + answers.stream().map(Http.Answer::status).toList());

        assertThat(answers).extracting(Http.Answer::status).allMatch(s -> s == 401 || s == 429 || s == 503);
        assertThat(answers).filteredOn(a -> a.status() == 401).hasSizeLessThanOrEqualTo(LoginThrottle.Limit.PAIR.maxFailures());
        Http.Answer right = loginFrom("127.0.0.1", "admin", TestService.ADMIN_PASSWORD);
        assertThat(right.status()).isEqualTo(429);
        assertThat(right.error()).isEqualTo("account_locked");
        assertThat(Long.parseLong(right.header("Retry-After"))).isPositive();
    }

    @Test
    void anAttackerAtOneAddressCannotLockOutTheRightPasswordAtAnother() {
        for (int i = 0; i < 2 * LoginThrottle.Limit.PAIR.maxFailures(); i++) {
            assertThat(loginFrom("127.0.0.2", "admin", WRONG).status()).isIn(401, 429);
        }
        assertThat(loginFrom("127.0.0.2", "admin", TestService.ADMIN_PASSWORD).error()).isEqualTo("account_locked");

        assertThat(loginFrom("127.0.0.1", "admin", TestService.ADMIN_PASSWORD).status()).isEqualTo(200);
        assertThat(loginFrom("127.0.0.3", "admin", TestService.ADMIN_PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void aSignedInAdminChangesTheirPasswordWhileTheirNameIsLockedByOthers() throws Exception {
        String admin = service.adminToken();
        // From many addresses, each guessing as often as it may: enough to lock the name itself (the per-user back-off).
        int perAddress = LoginThrottle.Limit.PAIR.maxFailures();
        int addresses = LoginThrottle.Limit.USER.maxFailures() / perAddress;
        parallel(addresses, a -> {
            // Until this address is refused: a guess the busy service turned away (503) was not counted.
            Http.Answer last = loginFrom("127.0.0." + (10 + a), "admin", WRONG);
            for (int i = 0; last.status() != 429; i++) {
                assertThat(last.status()).as(last.text()).isIn(401, 503);
                assertThat(i).isLessThan(3 * perAddress);
                last = loginFrom("127.0.0." + (10 + a), "admin", WRONG);
            }
            return last;
        });
        assertThat(loginFrom("127.0.0.250", "admin", TestService.ADMIN_PASSWORD).error()).isEqualTo("account_locked");

        expect(service.http.get("/api/v1/admin/users", admin), 200);
        expect(service.http.post("/api/v1/auth/password", admin, Map.of("currentPassword", TestService.ADMIN_PASSWORD,
                "newPassword", "the admin's next password")), 200);
    }

    @Test
    void parallelSignInsForUnknownNamesNeverHashMorePasswordsAtOnceThanTheCap() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger peak = new AtomicInteger();
        Thread sampler = new Thread(() -> {
            while (running.get()) {
                peak.accumulateAndGet(threadsHashing(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.start();
        List<Http.Answer> answers;
        try {
            // Each from its own address, so that no address limit refuses them before the hash.
            answers = parallel(24, i -> loginFrom("127.0.1." + (i + 1), "nobody-" + i, WRONG));
        } finally {
            running.set(false);
            sampler.join();
        }

        System.out.println("Unknown names, 24 in parallel: " + answers.stream().map(Http.Answer::status).toList()
                + ", at most " + peak.get() + " hashing at once");
        assertThat(answers).extracting(Http.Answer::status).allMatch(s -> s == 401 || s == 503);
        assertThat(answers).filteredOn(a -> a.status() == 503)
                .allSatisfy(a -> assertThat(a.header("Retry-After")).isNotNull());
        assertThat(peak.get()).isPositive().isLessThanOrEqualTo(io.signingmanager.service.secrets.PasswordHasher.CONCURRENT_HASHES);
    }

    @Test
    void countsThatNoLongerMatterAreForgottenAtTheNextSuccess() {
        assertThat(loginFrom("127.0.0.2", "nobody", WRONG).status()).isEqualTo(401);
        assertThat(rows("%nobody%")).isEqualTo(2);
        service.clock.advance(LoginThrottle.Limit.USER.lock().multipliedBy(3));
        assertThat(loginFrom("127.0.0.1", "admin", TestService.ADMIN_PASSWORD).status()).isEqualTo(200);
        assertThat(rows("%nobody%")).isZero();
    }

    private int rows(String subjectPattern) {
        return service.service.database().read(c -> Sql.one(c, "SELECT COUNT(*) FROM login_throttle WHERE subject LIKE ?",
                row -> row.getInt(1), subjectPattern).orElseThrow());
    }

    /** Threads of this JVM (the service runs in it) inside Argon2 right now. */
    private static int threadsHashing() {
        int count = 0;
        // Only the top frames: a full dump of every thread, every few milliseconds, would slow the service down.
        for (ThreadInfo thread : ManagementFactory.getThreadMXBean().dumpAllThreads(false, false, 24)) {
            for (StackTraceElement frame : thread.getStackTrace()) {
                if (frame.getClassName().equals(Argon2BytesGenerator.class.getName())
                        && frame.getMethodName().equals("generateBytes")) {
                    count++;
                    break;
                }
            }
        }
        return count;
    }

    private Http.Answer loginFrom(String from, String username, String password) {
        try {
            byte[] body = Json.mapper().writeValueAsBytes(Map.of("username", username, "password", password));
            return RawHttps.sendFrom(InetAddress.getByName(from), service, "POST /api/v1/auth/login HTTP/1.1\r\n"
                    + "Host: localhost\r\nContent-Type: application/json\r\nContent-Length: " + body.length, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    interface Call {
        Http.Answer run(int i);
    }

    private static List<Http.Answer> parallel(int count, Call call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            List<Callable<Http.Answer>> calls = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                calls.add(() -> call.run(index));
            }
            List<Http.Answer> answers = new ArrayList<>();
            for (Future<Http.Answer> answer : pool.invokeAll(calls, 2, TimeUnit.MINUTES)) {
                answers.add(answer.get());
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }
}
