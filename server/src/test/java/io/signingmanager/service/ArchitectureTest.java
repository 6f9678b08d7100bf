package io.signingmanager.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The rules live in services that know no HTTP: outside {@code http} itself, only the routes
 * ({@code *Routes}), the web pages ({@code web}) and the wiring (this package) may use it. The
 * wiring builds every service once; pages use those, never a second one or the database.
 */
class ArchitectureTest {
    private static final Path SOURCES = Path.of("src/main/java/io/signingmanager/service");
    private static final String HTTP = "io.signingmanager.service.http.";
    private static final Pattern NEW_SERVICE = Pattern.compile("new [A-Z]\\w*Service\\(");

    @Test
    void onlyRoutesPagesAndWiringUseHttp() throws IOException {
        assertThat(SOURCES).isDirectory();
        assertThat(sources().filter(ArchitectureTest::isDomain).filter(ArchitectureTest::usesHttp)
                .map(SOURCES::relativize).map(Path::toString).toList())
                .as("feature classes other than *Routes that use %s", HTTP).isEmpty();
    }

    @Test
    void pagesGetTheServicesTheWiringBuiltNotTheirOwnNorTheDatabase() throws IOException {
        assertThat(sources().filter(file -> SOURCES.relativize(file).startsWith("web"))
                .filter(file -> lines(file).stream().anyMatch(line -> line.contains("io.signingmanager.service.storage.Database")
                        || NEW_SERVICE.matcher(line).find()))
                .map(SOURCES::relativize).map(Path::toString).toList())
                .as("pages that build a service or hold the database").isEmpty();
    }

    @Test
    void theRuleSeesAFeatureClassThatUsesHttp() {
        assertThat(isDomain(SOURCES.resolve("audit/AuditExport.java"))).isTrue();
        assertThat(isDomain(SOURCES.resolve("audit/AuditRoutes.java"))).isFalse();
        assertThat(isDomain(SOURCES.resolve("web/AuditPages.java"))).isFalse();
        assertThat(isDomain(SOURCES.resolve("SigningService.java"))).isFalse();
        assertThat(mentionsHttp(List.of("package x;", "import " + HTTP + "ApiRequest;"))).isTrue();
        assertThat(mentionsHttp(List.of("package x;", "// io.signingmanager.service.httpclient"))).isFalse();
    }

    private static Stream<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            return files.filter(file -> file.toString().endsWith(".java")).toList().stream();
        }
    }

    private static boolean isDomain(Path file) {
        Path relative = SOURCES.relativize(file);
        if (relative.getNameCount() < 2) {
            return false;
        }
        String feature = relative.getName(0).toString();
        return !feature.equals("http") && !feature.equals("web") && !file.getFileName().toString().endsWith("Routes.java");
    }

    private static boolean usesHttp(Path file) {
        return mentionsHttp(lines(file));
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + file, e);
        }
    }

    private static boolean mentionsHttp(List<String> lines) {
        return lines.stream().anyMatch(line -> line.contains(HTTP));
    }
}
