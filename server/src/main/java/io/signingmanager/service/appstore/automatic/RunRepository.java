package io.signingmanager.service.appstore.automatic;

import io.signingmanager.service.storage.Sql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code automatic_runs} and {@code automatic_run_steps} tables. */
final class RunRepository {
    private static final String COLUMNS = "id, workflow_id, kind, outcome, started_at, finished_at";

    void insert(Connection c, AutomaticRun run) throws SQLException {
        Sql.update(c, "INSERT INTO automatic_runs (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)", run.id(), run.workflowId(),
                run.kind().wire(), run.outcome().wire(), run.startedAt(), run.finishedAt());
        for (int i = 0; i < run.steps().size(); i++) {
            Sql.update(c, "INSERT INTO automatic_run_steps (run_id, position, step) VALUES (?, ?, ?)", run.id(), i,
                    run.steps().get(i));
        }
    }

    /** The workflow's runs with their steps, newest first, at most {@code limit}. */
    List<AutomaticRun> list(Connection c, String workflowId, int limit) throws SQLException {
        List<AutomaticRun> runs = new ArrayList<>();
        for (AutomaticRun run : Sql.list(c, "SELECT " + COLUMNS + " FROM automatic_runs WHERE workflow_id = ? "
                + "ORDER BY started_at DESC, finished_at DESC LIMIT " + limit, RunRepository::map, workflowId)) {
            List<String> steps = Sql.list(c, "SELECT step FROM automatic_run_steps WHERE run_id = ? ORDER BY position",
                    row -> row.getString(1), run.id());
            runs.add(new AutomaticRun(run.id(), run.workflowId(), run.kind(), run.outcome(), run.startedAt(),
                    run.finishedAt(), steps));
        }
        return runs;
    }

    /** The newest run of that kind for the workflow, without its steps. */
    Optional<AutomaticRun> latest(Connection c, String workflowId, RunKind kind) throws SQLException {
        return Sql.one(c, "SELECT " + COLUMNS + " FROM automatic_runs WHERE workflow_id = ? AND kind = ? "
                + "ORDER BY started_at DESC LIMIT 1", RunRepository::map, workflowId, kind.wire());
    }

    private static AutomaticRun map(ResultSet row) throws SQLException {
        return new AutomaticRun(row.getString("id"), row.getString("workflow_id"), RunKind.fromWire(row.getString("kind")),
                RunOutcome.fromWire(row.getString("outcome")), Sql.instant(row, "started_at"),
                Sql.instant(row, "finished_at"), List.of());
    }
}
