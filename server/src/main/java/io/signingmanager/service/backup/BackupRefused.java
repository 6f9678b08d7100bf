package io.signingmanager.service.backup;

/** A backup that cannot be opened or restored, said in words; nothing was written. */
public final class BackupRefused extends Exception {
    public BackupRefused(String message) {
        super(message);
    }
}
