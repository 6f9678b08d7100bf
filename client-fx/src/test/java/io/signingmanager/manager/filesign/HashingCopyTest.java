package io.signingmanager.manager.filesign;

import static org.assertj.core.api.Assertions.assertThat;

import io.signingmanager.common.crypto.HashAlgorithm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HashingCopyTest {
    @TempDir
    Path folder;

    /**
     * Empty, small, exactly one buffer, several buffers with a short last one, and several of the
     * kernel's copy steps (hashed from the copy, on threads of their own); the copy over a longer file;
     * a second hash fed the same bytes in order.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4095, 1 << 20, (1 << 20) + 1, 7 * (1 << 20) + 12345, 70 * (1 << 20) + 5})
    void theCopyIsTheInputAndTheHashIsItsSha256(int size) throws Exception {
        byte[] content = new byte[size];
        new Random(size).nextBytes(content);
        Path input = Files.write(folder.resolve("in.bin"), content);
        Path copy = Files.write(folder.resolve("copy.bin"), new byte[size + 100]);
        List<Long> progress = new ArrayList<>();

        MessageDigest sha512 = MessageDigest.getInstance("SHA-512");

        String sha256 = HashingCopy.copy(input, copy, (hashed, total) -> {
            assertThat(total).isEqualTo(size);
            progress.add(hashed);
        }, sha512::update);

        assertThat(sha256).isEqualTo(HexFormat.of().formatHex(HashAlgorithm.SHA256.digest(content)));
        assertThat(sha512.digest()).isEqualTo(MessageDigest.getInstance("SHA-512").digest(content));
        assertThat(Files.readAllBytes(copy)).isEqualTo(content);
        assertThat(progress).isSorted();
        if (size > 0) {
            assertThat(progress.get(progress.size() - 1)).isEqualTo(size);
        }
    }
}
