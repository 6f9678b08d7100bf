package io.signingmanager.manager.cli;

import io.signingmanager.manager.connection.Manager;
import io.signingmanager.manager.connection.Problem;
import io.signingmanager.manager.receipts.LogMonitor;
import java.util.List;

/** The service's signing log, as the log monitor and verify-receipt --online read it through the Manager. */
final class ServiceLog implements LogMonitor.Source {
    private final Manager manager;

    ServiceLog(Manager manager) {
        this.manager = manager;
    }

    @Override
    public String checkpoint() throws Problem {
        return manager.logCheckpoint();
    }

    /** A refusal or an error of the service, once it showed its checkpoint, is its failing to prove it. */
    @Override
    public List<String> consistency(long from, long to) throws Problem, LogMonitor.Unproven {
        try {
            return manager.logConsistency(from, to);
        } catch (Problem problem) {
            if (problem.kind() == Problem.Kind.REFUSED || problem.kind() == Problem.Kind.SERVICE) {
                throw new LogMonitor.Unproven(problem.getMessage(), problem);
            }
            throw problem;
        }
    }
}
