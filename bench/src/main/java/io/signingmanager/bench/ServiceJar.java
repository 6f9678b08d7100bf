package io.signingmanager.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The flags of the modes that run the service's jar as processes of their own ({@code cold}, {@code backup}),
 * and the {@code java} command they make: this JVM's {@code java}, the flags given, {@code -jar} and the jar.
 */
final class ServiceJar {
    @Option(names = "--jar", paramLabel = "JAR", defaultValue = "server/target/signing-service.jar",
            description = "the service's jar (default server/target/signing-service.jar)")
    Path jar;

    @Option(names = "--java-option", paramLabel = "OPTION", description = {
        "a JVM flag for the jar's processes, e.g. -XX:SharedArchiveFile=signing-service.jsa", "(repeatable)"})
    List<String> javaOptions = new ArrayList<>();

    boolean present() {
        return Files.isRegularFile(jar);
    }

    /** {@code java [options] -jar JAR}: what the service's or a command's arguments follow. */
    List<String> command() {
        List<String> java = new ArrayList<>();
        java.add(ProcessHandle.current().info().command().orElse("java"));
        java.addAll(javaOptions);
        java.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
        return java;
    }
}
