package io.signingmanager.service.certificates;

import java.time.Instant;

/** The result of the "Sign" button: what was signed, the signature, and the check of it. */
public record TestSignature(String algorithm, String data, String digestSha256, String signature, boolean verified,
                            Instant signedAt) {
}
