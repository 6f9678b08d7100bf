package io.signingmanager.service.storage;

/**
 * A PostgreSQL server the service keeps its state in instead of its embedded H2, so that several
 * replicas can share it. {@code user} and {@code password} may be {@code null} (then the URL or the
 * server's own rules decide).
 */
public record ExternalDatabase(String url, String user, String password) {
    private static final String PREFIX = "jdbc:postgresql://";

    public ExternalDatabase {
        if (url == null || !url.startsWith(PREFIX) || url.length() == PREFIX.length()) {
            throw new IllegalArgumentException("The database URL must be a PostgreSQL JDBC URL like "
                    + "jdbc:postgresql://db.example.com:5432/signing, got " + (url == null ? "nothing" : describe(url)));
        }
    }

    /** What a log line or a report says of where the state is: this server, or the embedded H2 ({@code null}). */
    public static String nameOf(ExternalDatabase database) {
        return database == null ? "embedded H2" : "PostgreSQL " + database.describe();
    }

    /** The URL without its query, where a password may be written. */
    public String describe() {
        return describe(url);
    }

    private static String describe(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    /** Never the password: records print every component otherwise. */
    @Override
    public String toString() {
        return "ExternalDatabase[" + describe() + ", user=" + user + "]";
    }
}
