package io.signingmanager.manager.provider;

import io.signingmanager.common.crypto.SignatureAlgorithm;
import io.signingmanager.common.protocol.SignContext;
import io.signingmanager.manager.connection.Signed;
import io.signingmanager.manager.Main;
import io.signingmanager.manager.agent.AgentSocket;
import io.signingmanager.manager.connection.Problem;
import io.signingmanager.manager.home.ManagerHome;
import java.util.List;

/**
 * The agent when one answers on its socket, else the service with the saved settings; chosen at
 * the first call, so that making the provider costs nothing.
 */
final class DetectedRoute implements SigningRoute {
    private SigningRoute chosen;

    @Override
    public List<RemoteIdentity> identities() throws Problem {
        return chosen().identities();
    }

    @Override
    public Signed sign(String sha1, SignatureAlgorithm algorithm, byte[] data, SignContext context) throws Problem {
        return chosen().sign(sha1, algorithm, data, context);
    }

    private synchronized SigningRoute chosen() {
        if (chosen == null) {
            ManagerHome home = ManagerHome.current();
            AgentRoute agent = new AgentRoute(AgentSocket.Location.of(System.getenv(), home).socket());
            chosen = agent.answers() ? agent : new ServiceRoute(Main.manager(home));
        }
        return chosen;
    }
}
