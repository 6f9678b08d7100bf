package io.signingmanager.service.web;

import io.signingmanager.service.apple.AutomaticSettings;
import io.signingmanager.service.apple.SigningMethod;
import io.signingmanager.service.apple.Workflow;
import io.signingmanager.service.apple.WorkflowService;
import io.signingmanager.service.appstore.ConnectKey;
import io.signingmanager.service.appstore.automatic.AutomaticRun;
import io.signingmanager.service.appstore.automatic.AutomaticSigning;
import io.signingmanager.service.appstore.automatic.RunOutcome;
import java.time.Duration;
import java.util.List;

/**
 * The "Automatic signing" card of an automatic workflow's page: the API key and its team, Set up
 * signing and Check now, and the recent runs with their steps, the newest open.
 */
public final class AutomaticCard {
    /** How many runs the card lists; the JSON API has them all. */
    static final int RUNS = 5;

    private final WorkflowService workflows;
    private final AutomaticSigning automatic;

    AutomaticCard(WorkflowService workflows, AutomaticSigning automatic) {
        this.workflows = workflows;
        this.automatic = automatic;
    }

    /** One run: what it was, how it ended, when, and its steps in words. */
    public record RunView(String id, String kind, String outcome, String css, String started, String took,
                          List<String> steps) {
    }

    /**
     * The card: the key by name and its team, the runs newest first, and the answer to the last button
     * ({@code error} a refusal, {@code notice} a revocation done).
     */
    public record Card(String keyName, String team, List<RunView> runs, String error, String notice) {
    }

    /** The card of an automatic workflow, {@code null} for a manual one. */
    Card of(Workflow workflow, String error, String notice) {
        if (workflow.method() != SigningMethod.AUTOMATIC) {
            return null;
        }
        ConnectKey key = workflows.connectKeys().stream().filter(k -> k.id().equals(workflow.connectKeyId()))
                .findFirst().orElse(null);
        List<RunView> runs = automatic.runs(workflow.id()).stream().limit(RUNS).map(AutomaticCard::run).toList();
        return new Card(key == null ? "(no API key)" : key.name(), key == null ? "" : AutomaticSettings.team(key),
                runs, error, notice);
    }

    static RunView run(AutomaticRun run) {
        String took = run.finishedAt() == null ? "running"
                : "took " + Math.max(0, Duration.between(run.startedAt(), run.finishedAt()).toMillis() / 100) / 10.0 + " s";
        return new RunView(run.id(), run.kind().title(), run.outcome().title(), css(run.outcome()),
                TimeText.time(run.startedAt()), took, run.steps());
    }

    private static String css(RunOutcome outcome) {
        return outcome == RunOutcome.SUCCEEDED ? "ok" : "problem";
    }
}
