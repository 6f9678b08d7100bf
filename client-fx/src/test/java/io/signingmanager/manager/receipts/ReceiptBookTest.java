package io.signingmanager.manager.receipts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.common.json.Json;
import io.signingmanager.common.protocol.SignContext;
import io.signingmanager.common.tlog.Receipt;
import io.signingmanager.service.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The receipts file of each day, written out of the signers' way: a line kept is on disk within a moment or at
 * {@code flush}, every line of many signing threads once and in each thread's order, a new file when the day
 * changes or the file was removed, and a folder it cannot write a warning, never a failure of the signer.
 */
class ReceiptBookTest {
    @TempDir
    Path state;

    private static Receipt receipt(long index) {
        return new Receipt(index, "AAEC", "signing-service/test\n" + index + "\nroot\n", List.of("AAAA", "BBBB"));
    }

    private List<JsonNode> lines(Path file) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            lines.add(Json.mapper().readTree(line));
        }
        return lines;
    }

    private Path today(MutableClock clock) {
        return state.resolve("receipts").resolve(clock.instant().atOffset(ZoneOffset.UTC).toLocalDate() + ".jsonl");
    }

    @Test
    void aKeptReceiptIsWrittenWithinAMomentWithoutAFlush() throws Exception {
        MutableClock clock = new MutableClock();
        ReceiptBook book = new ReceiptBook(state, clock);
        book.keep("AB12", new SignContext("setup.exe", "00ff", "PE", null), receipt(7));
        Path file = today(clock);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while ((!Files.exists(file) || Files.size(file) == 0) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        JsonNode kept = lines(file).get(0);
        assertThat(kept.get("certificateSha1").asText()).isEqualTo("AB12");
        assertThat(kept.get("fileName").asText()).isEqualTo("setup.exe");
        assertThat(kept.get("fileSha256").asText()).isEqualTo("00ff");
        assertThat(kept.get("receipt").get("index").asLong()).isEqualTo(7);
        assertThat(kept.get("receipt").get("inclusionProof")).hasSize(2);
    }

    @Test
    void manySignersEachLineOnceAndInOrderAfterAFlush() throws Exception {
        MutableClock clock = new MutableClock();
        ReceiptBook book = new ReceiptBook(state, clock);
        int threads = 8;
        int each = 500;
        List<Thread> signers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread signer = new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    book.keep("T" + thread, null, receipt(i));
                }
            });
            signer.start();
            signers.add(signer);
        }
        for (Thread signer : signers) {
            signer.join();
        }
        book.flush();
        List<JsonNode> lines = lines(today(clock));
        assertThat(lines).hasSize(threads * each);
        for (int t = 0; t < threads; t++) {
            String sha1 = "T" + t;
            assertThat(lines.stream().filter(line -> line.get("certificateSha1").asText().equals(sha1))
                    .map(line -> line.get("receipt").get("index").asLong()).toList())
                    .as("thread %d's lines, in its order", t)
                    .isEqualTo(LongStream.range(0, each).boxed().toList());
        }
    }

    @Test
    void aNewFileForANewDayAndForAFileRemovedMeanwhile() throws Exception {
        MutableClock clock = new MutableClock();
        ReceiptBook book = new ReceiptBook(state, clock);
        book.keep("AB12", null, receipt(1));
        book.flush();
        Path first = today(clock);
        Files.delete(first);
        book.keep("AB12", null, receipt(2));
        book.flush();
        assertThat(lines(first)).extracting(line -> line.get("receipt").get("index").asLong()).containsExactly(2L);

        Files.move(first, state.resolve("moved.jsonl"));
        book.keep("AB12", null, receipt(3));
        book.flush();
        assertThat(lines(first)).extracting(line -> line.get("receipt").get("index").asLong()).containsExactly(3L);

        clock.advance(Duration.ofDays(1));
        book.keep("AB12", null, receipt(4));
        book.flush();
        assertThat(today(clock)).isNotEqualTo(first);
        assertThat(lines(today(clock))).extracting(line -> line.get("receipt").get("index").asLong()).containsExactly(4L);
        assertThat(lines(first)).hasSize(1);
    }

    @Test
    void aFolderItCannotWriteIsAWarningNotAFailure() throws Exception {
        Files.writeString(state.resolve("receipts"), "a file where the folder would be");
        List<LogRecord> warnings = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                warnings.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(ReceiptBook.class.getName());
        logger.addHandler(handler);
        try {
            ReceiptBook book = new ReceiptBook(state, new MutableClock());
            book.keep("AB12", null, receipt(9));
            book.flush();
            assertThat(warnings).extracting(LogRecord::getMessage).anySatisfy(message ->
                    assertThat(message).startsWith("Cannot keep the receipt of leaf 9 in ").contains("receipts"));
        } finally {
            logger.removeHandler(handler);
        }
    }
}
