package io.signingmanager.service.backup;

import io.signingmanager.service.license.IssuerKeys;
import io.signingmanager.service.secrets.MasterKey;
import io.signingmanager.service.storage.Database;
import io.signingmanager.service.tls.TlsIdentity;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * The files of a data folder a backup carries, each under its own name in the archive (a zip, encrypted as
 * a whole): the database as H2's online copy makes it, the TLS identity the service made or was given, the
 * license issuer's public key if the folder holds one, and the master key only when asked. Nothing else is taken from an archive when it is restored.
 */
enum BackupArchive {
    DATABASE(Database.h2File(Path.of("")).getFileName() + ".mv.db"),
    TLS_KEY(TlsIdentity.KEY_FILE),
    TLS_CERTIFICATE(TlsIdentity.CERTIFICATE_FILE),
    /** The license issuer's public key, when the data folder holds it (the stored license is checked with it). */
    LICENSE_ISSUER(IssuerKeys.FILE_IN_DATA_FOLDER),
    MASTER_KEY(MasterKey.FILE_NAME);

    private final String entry;

    BackupArchive(String entry) {
        this.entry = entry;
    }

    String entry() {
        return entry;
    }

    /** The file of that entry name; none for a name no backup of ours holds. */
    static Optional<BackupArchive> of(String entry) {
        return Arrays.stream(values()).filter(file -> file.entry.equals(entry)).findFirst();
    }
}
