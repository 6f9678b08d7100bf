package io.signingmanager.service.appstore.automatic;

import io.signingmanager.service.apple.SigningMethod;
import io.signingmanager.service.apple.WorkflowService;
import io.signingmanager.service.apple.WorkflowView;
import io.signingmanager.service.audit.Actor;
import io.signingmanager.service.failure.Refusal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Once a day, the check of every automatic workflow that was set up: renewals, regenerated profiles,
 * zombies deleted, each run recorded on its workflow. Started and stopped with the service. A workflow
 * checked by the daily check less than {@link #AGAIN_AFTER} ago is left out, so that several replicas
 * on one database, or a restart, do not check it twice a day.
 */
public final class DailyCheck implements AutoCloseable {
    /** Who the audit names for the daily check's changes. */
    public static final Actor ACTOR = new Actor(null, "daily check", null);
    static final Duration PERIOD = Duration.ofDays(1);
    static final Duration AGAIN_AFTER = Duration.ofHours(20);
    // The first check waits for the service to settle after a start.
    private static final Duration FIRST = Duration.ofMinutes(5);
    private static final Logger LOG = LoggerFactory.getLogger(DailyCheck.class);

    private final AutomaticSigning automatic;
    private final WorkflowService workflows;
    private final Clock clock;
    private ScheduledExecutorService executor;

    public DailyCheck(AutomaticSigning automatic, WorkflowService workflows, Clock clock) {
        this.automatic = automatic;
        this.workflows = workflows;
        this.clock = clock;
    }

    public synchronized void start() {
        if (executor == null) {
            executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "daily-check");
                thread.setDaemon(true);
                return thread;
            });
            executor.scheduleAtFixedRate(this::runLogged, FIRST.toMillis(), PERIOD.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Checks every automatic workflow that was set up and not daily-checked lately; answers the runs made. */
    public List<AutomaticRun> runOnce() {
        List<AutomaticRun> made = new ArrayList<>();
        Instant now = clock.instant();
        for (WorkflowView view : workflows.list()) {
            String id = view.workflow().id();
            if (view.workflow().method() != SigningMethod.AUTOMATIC || view.workflow().connectKeyId() == null
                    || automatic.latest(id, RunKind.SET_UP).isEmpty()) {
                continue;
            }
            Optional<AutomaticRun> last = automatic.latest(id, RunKind.DAILY_CHECK);
            if (last.isPresent() && last.get().startedAt().isAfter(now.minus(AGAIN_AFTER))) {
                continue;
            }
            try {
                made.add(automatic.dailyCheck(id, ACTOR));
            } catch (Refusal e) {
                // Recorded as the workflow's run; the log says it once for the operator.
                LOG.warn("The daily check of workflow '{}' failed: {}", view.workflow().name(), e.getMessage());
                made.add(automatic.runs(id).get(0));
            }
        }
        return made;
    }

    private void runLogged() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            LOG.error("The daily check failed", e);
        }
    }

    @Override
    public synchronized void close() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }
}
