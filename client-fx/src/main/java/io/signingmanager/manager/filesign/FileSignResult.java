package io.signingmanager.manager.filesign;

import io.signingmanager.common.tlog.Receipt;
import java.nio.file.Path;
import java.util.List;

/**
 * A signed file: where it is, its format, who signed it (the certificate's subject), the input's SHA-256 (hex),
 * and the receipts of its signatures in the service's signing log (one per remote signature; none through the
 * agent, which keeps them itself).
 */
public record FileSignResult(Path output, FileFormat format, String signer, String inputSha256, List<Receipt> receipts) {
}
