package io.signingmanager.service.backup;

import io.signingmanager.service.secrets.MasterKey;
import io.signingmanager.service.storage.Database;
import io.signingmanager.service.tls.TlsIdentity;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * The files of a data folder a backup carries, each under its own name in the archive (a zip, encrypted as
 * a whole): the database as H2's online copy makes it, the TLS identity the service made or was given, and
 * the master key only when asked. Nothing else is taken from an archive when it is restored.
 */
enum BackupArchive {
    DATABASE(Database.h2File(Path.of("")).getFileName() + ".mv.db", true),
    TLS_KEY(TlsIdentity.KEY_FILE, false),
    TLS_CERTIFICATE(TlsIdentity.CERTIFICATE_FILE, false),
    MASTER_KEY(MasterKey.FILE_NAME, false);

    private final String entry;
    private final boolean required;

    BackupArchive(String entry, boolean required) {
        this.entry = entry;
        this.required = required;
    }

    String entry() {
        return entry;
    }

    boolean required() {
        return required;
    }

    /** The file of that entry name; none for a name no backup of ours holds. */
    static Optional<BackupArchive> of(String entry) {
        return Arrays.stream(values()).filter(file -> file.entry.equals(entry)).findFirst();
    }
}
