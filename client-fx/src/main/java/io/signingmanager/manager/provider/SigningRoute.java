package io.signingmanager.manager.provider;

import io.signingmanager.common.crypto.SignatureAlgorithm;
import io.signingmanager.common.protocol.SignContext;
import io.signingmanager.manager.connection.Signed;
import io.signingmanager.manager.connection.Problem;
import java.util.List;

/** The way to the remote identities: through the local agent, or straight to the Signing Service. */
public interface SigningRoute {
    List<RemoteIdentity> identities() throws Problem;

    /**
     * The service's signature of {@code data}, with its receipt in the signing log when the route carries
     * one; {@code context} (may be {@code null}) goes to the audit.
     */
    Signed sign(String sha1, SignatureAlgorithm algorithm, byte[] data, SignContext context) throws Problem;
}
