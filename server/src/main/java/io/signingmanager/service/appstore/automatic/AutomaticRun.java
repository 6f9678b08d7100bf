package io.signingmanager.service.appstore.automatic;

import java.time.Instant;
import java.util.List;

/** One set up or check of an automatic workflow, with its steps in order, one sentence each. */
public record AutomaticRun(String id, String workflowId, RunKind kind, RunOutcome outcome,
                           Instant startedAt, Instant finishedAt, List<String> steps) {
    public AutomaticRun {
        steps = List.copyOf(steps);
    }
}
