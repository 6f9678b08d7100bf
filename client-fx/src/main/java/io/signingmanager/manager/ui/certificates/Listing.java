package io.signingmanager.manager.ui.certificates;

import io.signingmanager.common.protocol.Identity;
import io.signingmanager.common.protocol.WhoAmI;
import io.signingmanager.manager.connection.Manager;
import io.signingmanager.manager.connection.Problem;
import io.signingmanager.manager.ui.Background;
import java.net.URI;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/** What a refresh learns: the service, who this machine is there, and the certificates it may sign with. */
public record Listing(URI service, WhoAmI whoAmI, List<Identity> identities) {

    /** Asks the service; network, so never on the FX thread. */
    public static Listing fetch(Manager manager) throws Problem {
        List<Identity> identities = manager.identities();
        return new Listing(manager.settings().apiHost(), manager.whoami(), identities);
    }

    /** Starts the fetch now, on a thread of its own; the answer waits for the call that collects it. */
    public static Background.Call<Listing> fetchNow(Background.Call<Listing> fetch) {
        FutureTask<Listing> task = new FutureTask<>(fetch::call);
        Thread thread = new Thread(task, "signing-manager-first-refresh");
        thread.setDaemon(true);
        thread.start();
        return () -> {
            try {
                return task.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Problem problem) {
                    throw problem;
                }
                throw new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        };
    }
}
