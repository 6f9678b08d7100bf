package io.signingmanager.service.storage;

import java.sql.SQLException;

/** The database failed; the caller gets a 500 and the log gets the cause. */
public final class StorageException extends RuntimeException {
    public StorageException(SQLException cause) {
        super("Database error: " + cause.getMessage(), cause);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
