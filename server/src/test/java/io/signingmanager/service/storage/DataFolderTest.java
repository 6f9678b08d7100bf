package io.signingmanager.service.storage;

import static io.signingmanager.service.testing.TestService.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signingmanager.service.ServiceConfig;
import io.signingmanager.service.SigningService;
import io.signingmanager.service.testing.ExternalTool;
import io.signingmanager.service.testing.TestPostgres;
import io.signingmanager.service.testing.TestService;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The data folder holds password hashes, the audit and the master key: everything in it is the
 * owner's alone, a folder others may write is refused, and one service at a time uses it.
 */
class DataFolderTest {
    @TempDir
    Path folder;

    @Test
    void everyFileInAnExistingOpenDataFolderIsOwnerOnlyOnceTheServiceStarted() throws Exception {
        Path data = folderWith("rwxr-xr-x");
        Path leftOver = Files.writeString(data.resolve("notes.txt"), "written by someone's umask 022");
        Files.setPosixFilePermissions(leftOver, PosixFilePermissions.fromString("rw-r--r--"));

        try (TestService service = TestService.start(config -> config.withDataFolder(data))) {
            service.adminToken();
            List<String> files = new ArrayList<>();
            List<String> open = new ArrayList<>();
            try (Stream<Path> walk = Files.walk(data)) {
                for (Path path : walk.toList()) {
                    String permissions = PosixFilePermissions.toString(
                            Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
                    files.add(data.relativize(path) + " " + permissions);
                    if (!permissions.endsWith("------")) {
                        open.add(data.relativize(path) + " " + permissions);
                    }
                }
            }
            // On PostgreSQL (the API tests' second run) the database is elsewhere; the master key is still here.
            String made = TestPostgres.inUse() ? "master.key"
                    : "signing-service.mv.db";
            assertThat(files).as("the data folder").anyMatch(file -> file.startsWith(made + " "));
            assertThat(open).as("files others may read, of " + files).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"rwxrwxr-x", "rwxr-xrwx", "rwxrwxrwx"})
    void aDataFolderOthersMayWriteIsRefusedInOneSentenceAndLeftAsItWas(String permissions) throws Exception {
        Path data = folderWith(permissions);

        assertThatThrownBy(() -> SigningService.start(ServiceConfig.defaults(data).withPort(0), Clock.systemUTC()))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("The data folder " + data + " can be written by")
                .hasMessageContaining("(" + permissions + ")")
                .hasMessageContaining("chmod 700 " + data);
        try (Stream<Path> files = Files.list(data)) {
            assertThat(files).as("nothing made in the refused folder").isEmpty();
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo(permissions);
    }

    @Test
    void aSecondServiceOnTheSameDataFolderStopsWithOneLineAndExitCode1() throws Exception {
        Path data = folder.resolve("data");
        try (TestService first = TestService.start(config -> config.withDataFolder(data))) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ExternalTool.Run second = ExternalTool.run(List.of(java, "-cp", System.getProperty("java.class.path"),
                    "io.signingmanager.service.Main", "--port", "0", "--data", data.toString()), Map.of(), folder);

            assertThat(second.exit()).as(second.toString()).isEqualTo(1);
            assertThat(second.stderr().strip()).as(second.toString())
                    .isEqualTo("signing-service: Another Signing Service is using the data folder " + data
                            + " (it holds service.lock); stop it first, or give this one its own --data folder");
            assertThat(second.stdout()).as("no stack trace").doesNotContain("Exception", "\tat ");

            assertThatThrownBy(() -> SigningService.start(ServiceConfig.defaults(data).withPort(0), Clock.systemUTC()))
                    .as("a second service in the same process")
                    .isInstanceOf(StorageException.class).hasMessageContaining("Another Signing Service is using");
            expect(first.http.get("/api/v1/version", null), 200);
            first.adminToken();
        }
        try (TestService again = TestService.start(config -> config.withDataFolder(data))) {
            expect(again.http.get("/api/v1/version", null), 200);
        }
    }

    private Path folderWith(String permissions) throws Exception {
        Path data = Files.createDirectory(folder.resolve("data"));
        Set<PosixFilePermission> set = PosixFilePermissions.fromString(permissions);
        Files.setPosixFilePermissions(data, set);
        return data;
    }
}
