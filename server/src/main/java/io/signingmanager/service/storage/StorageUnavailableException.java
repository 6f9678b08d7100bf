package io.signingmanager.service.storage;

/**
 * The database cannot take writes for now (its disk is full, it was closed after a write failed, its
 * server cannot be reached): the caller gets a 503 with the reason, and may try again later.
 */
public final class StorageUnavailableException extends StorageException {
    public StorageUnavailableException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
