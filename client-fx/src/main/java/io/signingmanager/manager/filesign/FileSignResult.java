package io.signingmanager.manager.filesign;

import java.nio.file.Path;

/** A signed file: where it is, its format, who signed it (the certificate's subject), the input's SHA-256 (hex). */
public record FileSignResult(Path output, FileFormat format, String signer, String inputSha256) {
}
