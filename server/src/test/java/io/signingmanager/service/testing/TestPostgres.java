package io.signingmanager.service.testing;

import io.signingmanager.service.ServiceConfig;
import io.signingmanager.service.storage.ExternalDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of the test's own, from Debian's {@code postgresql} package: a new cluster in a
 * temporary folder, listening on a free port of 127.0.0.1 only, stopped and deleted at close.
 * PostgreSQL refuses to run as root, so as root it runs as the package's {@code postgres} user.
 */
public final class TestPostgres implements AutoCloseable {
    private static final String USER = "signing";
    /** Set to {@code postgresql} and every {@link TestService} keeps its state in a new PostgreSQL database. */
    public static final String DATABASE_PROPERTY = "signing.test.database";
    private static TestPostgres shared;

    /** Whether this run keeps every {@link TestService}'s state in PostgreSQL. */
    public static boolean inUse() {
        return "postgresql".equals(System.getProperty(DATABASE_PROPERTY));
    }
    private static int databases;

    private final Path bin;
    private final Path folder;
    private final int port;

    private TestPostgres(Path bin, Path folder, int port) {
        this.bin = bin;
        this.folder = folder;
        this.port = port;
    }

    public static TestPostgres start() {
        Path bin = binaries();
        try {
            Path folder = Files.createTempDirectory("signing-service-postgres");
            if (runningAsRoot()) {
                giveToPostgresUser(folder);
            }
            TestPostgres server = new TestPostgres(bin, folder, freePort());
            server.run("initdb", "--pgdata", server.data().toString(), "--username", USER, "--auth", "trust",
                    "--encoding", "UTF8", "--no-sync");
            // fsync off: a test needs no power-loss safety; commits still wait for the server.
            server.run("pg_ctl", "start", "--wait", "--pgdata", server.data().toString(),
                    "--log", folder.resolve("server.log").toString(), "-o",
                    "-p " + server.port + " -k " + folder + " -c listen_addresses=127.0.0.1 -c fsync=off");
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("The test PostgreSQL did not start", e);
        }
    }

    /**
     * The configuration as given, or, when {@link #DATABASE_PROPERTY} asks for PostgreSQL, with a new
     * database on a server shared by this JVM's tests (stopped when the JVM ends).
     */
    public static synchronized ServiceConfig ifRequested(ServiceConfig config) {
        if (!inUse()) {
            return config;
        }
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "test-postgres-stop"));
        }
        return config.withSharedDatabase(shared.database("service_" + ++databases), null);
    }

    /** A new, empty database on this server, as the service would be given it. */
    public ExternalDatabase database(String name) {
        try (Connection connection = DriverManager.getConnection(url("postgres"), USER, "");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create the test database " + name, e);
        }
        return new ExternalDatabase(url(name), USER, "");
    }

    /** A PostgreSQL program of the server's version (pg_dump, pg_restore, psql). */
    public Path program(String name) {
        return bin.resolve(name);
    }

    /** The connection URI of that database as libpq's programs take it. */
    public String libpqUri(String database) {
        return "postgresql://" + USER + "@127.0.0.1:" + port + "/" + database;
    }

    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    @Override
    public void close() {
        try {
            run("pg_ctl", "stop", "--wait", "--mode", "fast", "--pgdata", data().toString());
        } finally {
            TempFolders.delete(folder);
        }
    }

    private Path data() {
        return folder.resolve("data");
    }

    private void run(String program, String... arguments) {
        List<String> command = new ArrayList<>();
        if (runningAsRoot()) {
            command.addAll(List.of("setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups"));
        }
        command.add(bin.resolve(program).toString());
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(folder.resolve(program + ".out").toFile()).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(program + " did not finish within 2 minutes");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(program + " failed: " + Files.readString(folder.resolve(program + ".out")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + program, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + program, e);
        }
    }

    /** The newest installed PostgreSQL's programs. */
    private static Path binaries() {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(version -> version.resolve("bin"))
                    .filter(candidate -> Files.isExecutable(candidate.resolve("initdb")))
                    .max(Comparator.comparingInt(candidate -> Integer.parseInt(candidate.getParent().getFileName().toString())))
                    .orElseThrow();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("PostgreSQL's server is not installed here: apt-get install postgresql "
                    + "(scripts/test.sh installs it)", e);
        }
    }

    private static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void giveToPostgresUser(Path folder) throws IOException {
        UserPrincipalLookupService lookup = folder.getFileSystem().getUserPrincipalLookupService();
        PosixFileAttributeView owner = Files.getFileAttributeView(folder, PosixFileAttributeView.class);
        owner.setOwner(lookup.lookupPrincipalByName("postgres"));
        GroupPrincipal group = lookup.lookupPrincipalByGroupName("postgres");
        owner.setGroup(group);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
