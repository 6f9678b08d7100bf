package io.signingmanager.manager.provider;

import io.signingmanager.common.crypto.SignatureAlgorithm;
import io.signingmanager.common.protocol.SignContext;
import io.signingmanager.manager.connection.Problem;
import java.util.List;

/** The way to the remote identities: through the local agent, or straight to the Signing Service. */
public interface SigningRoute {
    List<RemoteIdentity> identities() throws Problem;

    /** The service's signature of {@code data}; {@code context} (may be {@code null}) goes to the audit. */
    byte[] sign(String sha1, SignatureAlgorithm algorithm, byte[] data, SignContext context) throws Problem;
}
