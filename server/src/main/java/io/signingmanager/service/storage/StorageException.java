package io.signingmanager.service.storage;

import java.sql.SQLException;

/** The database failed, or the data folder cannot be used; the caller gets a 500 and the log gets the cause. */
public class StorageException extends RuntimeException {
    public StorageException(SQLException cause) {
        super("Database error: " + cause.getMessage(), cause);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    public StorageException(String message) {
        super(message);
    }
}
