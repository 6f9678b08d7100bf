package io.signingmanager.service.secrets;

import io.signingmanager.service.storage.OwnerOnlyFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/** The 32-byte key that seals secrets at rest: from the environment, or a file made at first start. */
public final class MasterKey {
    public static final String ENVIRONMENT_VARIABLE = "SIGNING_SERVICE_MASTER_KEY";
    public static final String FILE_NAME = "master.key";

    private MasterKey() {
    }

    /** {@code fromEnvironment} is base64 of 32 bytes, or {@code null} to use the data folder's file. */
    public static byte[] load(String fromEnvironment, Path dataFolder) throws IOException {
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            byte[] key;
            try {
                key = Base64.getDecoder().decode(fromEnvironment.trim());
            } catch (IllegalArgumentException e) {
                throw new IOException(ENVIRONMENT_VARIABLE + " must be base64 of 32 bytes");
            }
            if (key.length != 32) {
                throw new IOException(ENVIRONMENT_VARIABLE + " must be base64 of 32 bytes, it holds " + key.length);
            }
            return key;
        }
        Path file = dataFolder.resolve(FILE_NAME);
        if (Files.exists(file)) {
            byte[] key = Files.readAllBytes(file);
            if (key.length != 32) {
                throw new IOException(file + " must hold exactly 32 bytes, it holds " + key.length);
            }
            return key;
        }
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        OwnerOnlyFiles.write(file, key);
        return key;
    }
}
