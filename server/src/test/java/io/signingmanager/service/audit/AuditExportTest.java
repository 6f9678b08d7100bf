package io.signingmanager.service.audit;

import static io.signingmanager.service.testing.TestService.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.service.testing.Csv;
import io.signingmanager.service.testing.Http;
import io.signingmanager.service.testing.RunningService;
import io.signingmanager.service.testing.TestService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An export of any size is read a page at a time and streamed: complete, oldest first, the same as the list. */
class AuditExportTest {
    private static final String AUDIT = "/api/v1/admin/audit";

    @RunningService
    private static TestService service;
    private static String admin;

    @BeforeAll
    static void start() {
        admin = service.adminToken();
    }

    @Test
    void anExportOfMoreRecordsThanOnePageIsCompleteOldestFirstAndStreamed() throws Exception {
        // Written as another replica would, at a moment of its own, so that the range holds these alone.
        Instant from = service.clock.instant().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.MILLIS);
        AuditLog audit = service.auditLog(Clock.fixed(from, ZoneOffset.UTC),
                () -> Duration.ofDays(90));
        int count = 1234;
        ExecutorService writers = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                done.add(writers.submit(() -> {
                    for (int i = thread; i < count; i += 4) {
                        audit.record(AuditEntry.of(RequestType.REGISTER, "192.0.2.7").failed("refused, \"" + i + "\"")
                                .context(Map.of("note", "export " + i)));
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(120, TimeUnit.SECONDS);
            }
        } finally {
            writers.shutdownNow();
        }
        Instant to = from.plusMillis(1);
        String range = "from=" + from + "&to=" + to;

        // Field for field what the list shows, oldest first, without a length announced before the body.
        List<JsonNode> listed = new ArrayList<>();
        for (int offset = 0; offset < count; offset += 1000) {
            expect(service.http.get(AUDIT + "?limit=1000&offset=" + offset + "&" + range, admin), 200).json()
                    .get("records").forEach(listed::add);
        }
        Collections.reverse(listed);
        Http.Answer json = expect(service.http.get(AUDIT + "?format=json&" + range, admin), 200);
        assertThat(json.header("Content-Length")).isNull();
        List<JsonNode> exported = StreamSupport.stream(json.json().spliterator(), false).toList();
        assertThat(exported).hasSize(count).isEqualTo(listed);
        List<Long> ids = ids(exported);
        assertThat(ids.get(count - 1) - ids.get(0)).isEqualTo(count - 1);
        assertThat(ids).isSorted();

        Http.Answer csv = expect(service.http.get(AUDIT + "?format=csv&" + range, admin), 200);
        assertThat(csv.header("Content-Length")).isNull();
        List<List<String>> rows = Csv.parse(csv.text());
        assertThat(rows).hasSize(count + 1);
        for (int i = 0; i < count; i++) {
            List<String> row = rows.get(i + 1);
            JsonNode record = exported.get(i);
            assertThat(row.get(0)).isEqualTo(record.get("id").asText());
            assertThat(row.get(4)).isEqualTo(record.get("reason").asText());
            assertThat(row).contains("note=" + record.get("context").get("note").asText(), record.get("hash").asText());
        }
    }

    private static List<Long> ids(Iterable<JsonNode> records) {
        List<Long> ids = new ArrayList<>();
        records.forEach(r -> ids.add(r.get("id").asLong()));
        return ids;
    }
}
