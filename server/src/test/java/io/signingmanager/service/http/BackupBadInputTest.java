package io.signingmanager.service.http;

import static io.signingmanager.service.http.BadInputs.audited;
import static io.signingmanager.service.http.BadInputs.bad;
import static io.signingmanager.service.testing.TestService.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.service.testing.Http;
import io.signingmanager.service.testing.Inventory;
import io.signingmanager.service.testing.RunningService;
import io.signingmanager.service.testing.TestPostgres;
import io.signingmanager.service.testing.TestService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link BadInputTest}'s corpus for the backup routes: downloads without a usable passphrase (missing,
 * short, too long, NUL, an unpaired surrogate, not a string), schedules with a folder that is no absolute
 * path to a folder the service can use outside its data folder, an interval or a count out of range or no
 * number, and without a passphrase; callers without a session or not admins. Each is refused with a 4xx and
 * writes nothing: no backup taken, no schedule set, no audit record but the refusal of a non-admin.
 */
class BackupBadInputTest {
    private static final String BACKUP = "/api/v1/admin/backup";
    private static final String SCHEDULE = BACKUP + "/schedule";
    private static final String GOOD = "\"passphrase\":\"a long enough passphrase\"";

    @RunningService
    private static TestService service;
    private static BadInputs send;
    private static String admin;
    private static String viewer;
    private static Path folder;

    @BeforeAll
    static void start() throws IOException {
        admin = service.adminToken();
        viewer = service.userToken("viewer", false);
        send = new BadInputs(service);
        folder = Files.createDirectories(service.data.resolve("backups"));
    }

    static Stream<Arguments> corpus() {
        Path data = service.data.resolve("data");
        List<Arguments> cases = new ArrayList<>();
        Map<String, String> downloads = new LinkedHashMap<>();
        downloads.put("no passphrase", "{}");
        downloads.put("a null passphrase", "{\"passphrase\":null}");
        downloads.put("an empty passphrase", "{\"passphrase\":\"\"}");
        downloads.put("a passphrase of 11 characters", "{\"passphrase\":\"eleven char\"}");
        downloads.put("a passphrase of 11 emoji and a space", "{\"passphrase\":\"" + "\\ud83d\\udd11".repeat(11) + "\"}");
        downloads.put("a passphrase of 1,025 characters", "{\"passphrase\":\"" + "p".repeat(1025) + "\"}");
        downloads.put("a NUL in the passphrase", "{\"passphrase\":\"correct horse\\u0000battery\"}");
        downloads.put("an unpaired surrogate in the passphrase", "{\"passphrase\":\"correct horse \\ud800 battery\"}");
        downloads.put("a number for a passphrase", "{\"passphrase\":123456789012345}");
        downloads.put("includeMasterKey not a boolean", "{" + GOOD + ",\"includeMasterKey\":\"perhaps\"}");
        downloads.put("not JSON", "{" + GOOD);
        downloads.put("a JSON array", "[" + GOOD.replace(":", ",") + "]");
        downloads.forEach((name, body) -> cases.add(bad("download: " + name,
                () -> send.json("POST", BACKUP, admin, body), 400, "bad_request")));
        cases.add(bad("download: no body", () -> service.http.send("POST", BACKUP, admin, null, null), 400, "bad_request"));

        Map<String, String> schedules = new LinkedHashMap<>();
        String rest = ",\"intervalHours\":24,\"keep\":7," + GOOD + "}";
        schedules.put("no folder", "{\"intervalHours\":24,\"keep\":7," + GOOD + "}");
        schedules.put("an empty folder", "{\"folder\":\"  \"" + rest);
        schedules.put("a relative folder", "{\"folder\":\"backups\"" + rest);
        schedules.put("a folder that is not there", "{\"folder\":\"" + folder.resolve("not-there") + "\"" + rest);
        schedules.put("a file for a folder", "{\"folder\":\"" + data.resolve("signing-service.mv.db") + "\"" + rest);
        schedules.put("the data folder", "{\"folder\":\"" + data + "\"" + rest);
        schedules.put("the data folder by a detour", "{\"folder\":\"" + folder + "/../data\"" + rest);
        schedules.put("a folder of 1,001 characters", "{\"folder\":\"/" + "f".repeat(1000) + "\"" + rest);
        schedules.put("a NUL in the folder", "{\"folder\":\"" + folder + "\\u0000x\"" + rest);
        schedules.put("an unpaired surrogate in the folder", "{\"folder\":\"" + folder + "\\udc00\"" + rest);
        String at = "{\"folder\":\"" + folder + "\",";
        schedules.put("an interval of 0 hours", at + "\"intervalHours\":0,\"keep\":7," + GOOD + "}");
        schedules.put("an interval of 721 hours", at + "\"intervalHours\":721,\"keep\":7," + GOOD + "}");
        schedules.put("an interval of -24 hours", at + "\"intervalHours\":-24,\"keep\":7," + GOOD + "}");
        schedules.put("an interval in words", at + "\"intervalHours\":\"daily\",\"keep\":7," + GOOD + "}");
        schedules.put("an interval past an int", at + "\"intervalHours\":4294967320,\"keep\":7," + GOOD + "}");
        schedules.put("no interval", at + "\"keep\":7," + GOOD + "}");
        schedules.put("keep 0", at + "\"intervalHours\":24,\"keep\":0," + GOOD + "}");
        schedules.put("keep 1,001", at + "\"intervalHours\":24,\"keep\":1001," + GOOD + "}");
        schedules.put("no passphrase for a new schedule", at + "\"intervalHours\":24,\"keep\":7}");
        schedules.put("a short passphrase", at + "\"intervalHours\":24,\"keep\":7,\"passphrase\":\"short\"}");
        schedules.put("a NUL in the passphrase", at + "\"intervalHours\":24,\"keep\":7,\"passphrase\":\"a long\\u0000passphrase\"}");
        schedules.put("not JSON", at);
        schedules.forEach((name, body) -> cases.add(bad("schedule: " + name,
                () -> send.json("PUT", SCHEDULE, admin, body), 400, "bad_request")));

        for (String[] route : new String[][] {{"GET", BACKUP}, {"POST", BACKUP}, {"PUT", SCHEDULE}, {"DELETE", SCHEDULE}}) {
            String body = route[0].equals("PUT") ? "{\"folder\":\"" + folder + "\",\"intervalHours\":1,\"keep\":1," + GOOD + "}"
                    : "{" + GOOD + "}";
            cases.add(bad(route[0] + " " + route[1] + " without a session", () -> send.json(route[0], route[1], null, body),
                    401, "unauthenticated"));
            cases.add(audited(route[0] + " " + route[1] + " as a non-admin", () -> send.json(route[0], route[1], viewer, body),
                    403, "forbidden"));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void badInputIsRefusedWithAnErrorAndWritesNothing(String name, Supplier<Http.Answer> call, int status, String code,
                                                      int auditRecords) throws IOException {
        assumeFalse(TestPostgres.inUse(), "PostgreSQL is backed up with pg_dump: every call answers conflict");
        send.assertRefusedAndNothingWritten(name, call, status, code, auditRecords);
        try (Stream<Path> written = Files.list(folder)) {
            assertThat(written).as("backups written by " + name).isEmpty();
        }
    }

    @Test
    void aRefusedChangeLeavesTheScheduleAsItWas() {
        assumeFalse(TestPostgres.inUse(), "PostgreSQL is backed up with pg_dump");
        Path other;
        try {
            other = Files.createDirectories(service.data.resolve("other-backups"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JsonNode set = expect(service.http.put(SCHEDULE, admin, Map.of("folder", other.toString(), "intervalHours", 12,
                "keep", 3, "passphrase", "a long enough passphrase")), 200).json();
        try {
            Inventory before = Inventory.of(service);
            assertThat(before.backupSchedule()).contains(other.toString());

            send.assertRefusedAndNothingWritten("a change to keep 0", () -> send.json("PUT", SCHEDULE, admin,
                    "{\"folder\":\"" + other + "\",\"intervalHours\":12,\"keep\":0}"), 400, "bad_request", 0);
            send.assertRefusedAndNothingWritten("a change to a short passphrase", () -> send.json("PUT", SCHEDULE, admin,
                    "{\"folder\":\"" + other + "\",\"intervalHours\":12,\"keep\":3,\"passphrase\":\"short\"}"), 400,
                    "bad_request", 0);
            assertThat(Inventory.of(service)).isEqualTo(before);
            assertThat(set.get("lastGood").get("by").asText()).isEqualTo("schedule");
        } finally {
            expect(service.http.delete(SCHEDULE, admin), 200);
        }
    }
}
