package io.signingmanager.manager.provider;

import io.signingmanager.common.crypto.Certificates;
import io.signingmanager.common.crypto.SignatureAlgorithm;
import io.signingmanager.common.protocol.Identity;
import io.signingmanager.common.protocol.SignContext;
import io.signingmanager.manager.connection.Signed;
import io.signingmanager.manager.connection.Manager;
import io.signingmanager.manager.connection.Problem;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** Straight to the Signing Service with the Signing Manager's settings and client token. */
public final class ServiceRoute implements SigningRoute {
    private final Manager manager;

    public ServiceRoute(Manager manager) {
        this.manager = manager;
    }

    @Override
    public List<RemoteIdentity> identities() throws Problem {
        List<RemoteIdentity> identities = new ArrayList<>();
        for (Identity identity : manager.identities()) {
            identities.add(remote(identity));
        }
        return identities;
    }

    @Override
    public Signed sign(String sha1, SignatureAlgorithm algorithm, byte[] data, SignContext context) throws Problem {
        return manager.sign(sha1, algorithm.name(), data, context);
    }

    private static RemoteIdentity remote(Identity identity) throws Problem {
        try {
            List<X509Certificate> chain = new ArrayList<>();
            chain.add(Certificates.fromBase64(identity.certificate()));
            identity.chain().forEach(ca -> chain.add(Certificates.fromBase64(ca)));
            return new RemoteIdentity(identity.sha1(), identity.commonName(), chain);
        } catch (IllegalArgumentException e) {
            throw new Problem(Problem.Kind.SERVICE, "The certificate " + identity.sha1()
                    + " from the Signing Service cannot be read.", "See the Signing Manager log for details.", e);
        }
    }
}
