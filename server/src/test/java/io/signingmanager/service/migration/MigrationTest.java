package io.signingmanager.service.migration;

import static io.signingmanager.service.testing.ProtocolAssertions.assertSignsAndVerifies;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.service.storage.Database;
import io.signingmanager.service.storage.ExternalDatabase;
import io.signingmanager.service.storage.Sql;
import io.signingmanager.service.testing.TempFolders;
import io.signingmanager.service.testing.TestPki;
import io.signingmanager.service.testing.TestPostgres;
import io.signingmanager.service.testing.TestService;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code signing-service migrate}: a real service on H2 does real work and stops; its data folder is
 * migrated into the PostgreSQL server the replica tests use (a server of the test's own); a service
 * on PostgreSQL with the same master key then signs with the same certificate, signs its users in and
 * verifies the audit, old records included. A second migration into the now non-empty database, a
 * running service's folder and wrong sources are refused and change nothing.
 */
class MigrationTest {
    private static final String P12_PASSWORD = "p12 password";

    private static TestPostgres postgres;

    @TempDir
    Path folder;

    @BeforeAll
    static void startPostgres() {
        postgres = TestPostgres.start();
    }

    @AfterAll
    static void stopPostgres() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void anH2ServiceMovesToPostgresqlWithItsKeysUsersAndAudit() throws Exception {
        TestPki.TestIdentity identity = TestPki.rsa(2048, "Migrated Code Signing");
        // On H2 also when the API tests run again on PostgreSQL (TestPostgres.DATABASE_PROPERTY).
        TestService h2 = TestService.start(config -> config.withSharedDatabase(null, null));
        Path data = h2.data.resolve("data");
        String clientToken;
        List<JsonNode> oldRecords;
        try {
            String admin = h2.adminToken();
            h2.userToken("alice", false);
            h2.importP12(identity.p12(P12_PASSWORD), P12_PASSWORD);
            clientToken = h2.registerClient(h2.createApiKey("builders").get("key").asText(), "old-builder")
                    .get("clientToken").asText();
            for (int i = 0; i < 3; i++) {
                assertSignsAndVerifies(h2, clientToken, identity);
            }
            TestService.expect(h2.http.post("/api/v1/admin/users", admin,
                    Map.of("username", "bob", "password", "bob's first password", "admin", false)), 201);
            oldRecords = records(h2, admin);

            Run running = migrate(data, postgres.database("while_running"));
            assertThat(running.exit()).as(running.err()).isEqualTo(1);
            assertThat(running.err()).contains("Another Signing Service is using the data folder");
        } finally {
            h2.service.close();
        }
        assertThat(oldRecords).hasSizeGreaterThan(8);

        ExternalDatabase target = postgres.database("migrated");
        Run migrated = migrate(data, target);
        assertThat(migrated.exit()).as(migrated.err()).isZero();
        assertThat(migrated.out()).contains("certificates", "audit_records", "api_keys", "Verified",
                "The audit chain verifies on PostgreSQL (" + oldRecords.size() + " records)",
                "export SIGNING_SERVICE_MASTER_KEY=\"$(base64 -w0 " + data.toAbsolutePath().resolve("master.key") + ")\"");
        assertThat(migrated.out()).containsPattern("users +3 rows");

        String masterKey = Base64.getEncoder().encodeToString(Files.readAllBytes(data.resolve("master.key")));
        TestService pg = TestService.start(config -> config.withSharedDatabase(target, masterKey));
        try {
            String admin = pg.login("admin", TestService.ADMIN_PASSWORD);
            pg.login("alice", TestService.USER_PASSWORD);
            assertSignsAndVerifies(pg, clientToken, identity);
            JsonNode chain = pg.http.get("/api/v1/admin/audit/verify", admin).json();
            assertThat(chain.get("valid").asBoolean()).as(chain.toString()).isTrue();
            List<JsonNode> now = records(pg, admin);
            assertThat(now).containsAll(oldRecords);
            assertThat(now.get(now.size() - 1).get("id").asLong()).isGreaterThan(oldRecords.size());
        } finally {
            pg.close();
        }

        Map<String, TableDigest> before = digests(target);
        Run again = migrate(data, target);
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("is not empty", "users (3)", "Nothing was changed");
        assertThat(digests(target)).isEqualTo(before);

        // What the verification compares tells one changed byte of a sealed key.
        try (Database database = Database.openPostgres(target)) {
            database.transaction(c -> Sql.update(c, "UPDATE certificates SET private_key_sealed = "
                    + "set_byte(private_key_sealed, 20, get_byte(private_key_sealed, 20) # 1)"));
        }
        Map<String, TableDigest> changed = digests(target);
        assertThat(changed.get("certificates").rows()).isEqualTo(1);
        assertThat(changed.get("certificates")).isNotEqualTo(before.get("certificates"));
        assertThat(changed.get("users")).isEqualTo(before.get("users"));
        TempFolders.delete(h2.data);
    }

    @Test
    void aFolderWithoutADatabaseOrWithAnEmptyOneIsRefusedInWords() throws Exception {
        Path empty = Files.createDirectory(folder.resolve("empty"));
        Run noDatabase = migrate(empty, postgres.database("from_empty"));
        assertThat(noDatabase.exit()).isEqualTo(1);
        assertThat(noDatabase.err()).contains("holds no Signing Service database (signing-service.mv.db is missing)");

        Path schemaOnly = folder.resolve("schema-only");
        Database.openH2(schemaOnly).close();
        Run nothingInIt = migrate(schemaOnly, postgres.database("from_schema_only"));
        assertThat(nothingInIt.exit()).isEqualTo(1);
        assertThat(nothingInIt.err()).contains("The database in " + schemaOnly + " is empty: there is nothing to migrate");

        Run noFolder = migrate(folder.resolve("missing"), postgres.database("from_missing"));
        assertThat(noFolder.exit()).isEqualTo(1);
        assertThat(noFolder.err()).contains("There is no data folder " + folder.resolve("missing"));
        assertThat(Files.exists(folder.resolve("missing"))).isFalse();
    }

    @Test
    void theCommandLineIsCheckedAndExplained() {
        Run help = run("-h");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("Usage: migrate --from DATA --to jdbc:postgresql://HOST:PORT/DATABASE",
                "--from DATA", "--to URL", "SIGNING_SERVICE_DATABASE_USER, SIGNING_SERVICE_DATABASE_PASSWORD");

        Run unknown = run("--from", "data", "--to", "jdbc:postgresql://db/signing", "--password", "secret");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).startsWith("migrate: Unknown option --password").contains("migrate -h");

        Run missing = run("--from", "data");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("--to is required");

        Run notPostgres = run("--from", "data", "--to", "jdbc:mysql://db/signing");
        assertThat(notPostgres.exit()).isEqualTo(2);
        assertThat(notPostgres.err()).contains("must be a PostgreSQL JDBC URL");
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run migrate(Path data, ExternalDatabase target) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SIGNING_SERVICE_DATABASE_USER", target.user());
        env.put("SIGNING_SERVICE_DATABASE_PASSWORD", target.password());
        return run(env, "--from", data.toString(), "--to", target.url());
    }

    private static Run run(String... args) {
        return run(Map.of(), args);
    }

    private static Run run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = MigrateCommand.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Every audit record, oldest first. */
    private static List<JsonNode> records(TestService service, String admin) {
        List<JsonNode> all = new ArrayList<>();
        service.http.get("/api/v1/admin/audit?limit=1000", admin).json().get("records").forEach(all::add);
        all.sort((a, b) -> Long.compare(a.get("id").asLong(), b.get("id").asLong()));
        return all;
    }

    private static Map<String, TableDigest> digests(ExternalDatabase target) {
        Map<String, TableDigest> digests = new LinkedHashMap<>();
        try (Database database = Database.openPostgres(target)) {
            database.read(c -> {
                for (Schema.Table table : Schema.ofMigrations().tables()) {
                    digests.put(table.name(), TableDigest.of(c, table));
                }
                return null;
            });
        }
        return digests;
    }
}
