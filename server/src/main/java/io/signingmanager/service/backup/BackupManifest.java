package io.signingmanager.service.backup;

import java.time.Instant;

/**
 * What a backup says of itself, written first in its archive as {@value #ENTRY}: the archive's format,
 * when it was taken, and whether it holds the master key (without it the sealed keys open only with the
 * data folder's own key).
 */
public record BackupManifest(int format, Instant created, boolean masterKey) {
    public static final String ENTRY = "manifest.json";
    /** The archive's layout: {@value #ENTRY}, the database, the TLS identity, the master key when asked. */
    public static final int FORMAT = 1;
}
