package io.signingmanager.manager.ui;

import io.signingmanager.common.protocol.Identity;
import io.signingmanager.common.protocol.WhoAmI;
import io.signingmanager.manager.connection.Manager;
import io.signingmanager.manager.connection.Problem;
import java.net.URI;
import java.util.List;

/** What a refresh learns: the service, who this machine is there, and the certificates it may sign with. */
record Listing(URI service, WhoAmI whoAmI, List<Identity> identities) {

    /** Asks the service; network, so never on the FX thread. */
    static Listing fetch(Manager manager) throws Problem {
        List<Identity> identities = manager.identities();
        return new Listing(manager.settings().apiHost(), manager.whoami(), identities);
    }
}
