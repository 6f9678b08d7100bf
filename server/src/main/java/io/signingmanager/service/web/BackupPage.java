package io.signingmanager.service.web;

import io.signingmanager.service.backup.BackupRoutes;
import io.signingmanager.service.backup.BackupSchedule;
import io.signingmanager.service.backup.BackupService;
import io.signingmanager.service.backup.BackupState;
import io.signingmanager.service.failure.Refusal;
import io.signingmanager.service.http.Access;
import io.signingmanager.service.http.ApiRequest;
import io.signingmanager.service.http.ApiResponse;
import io.signingmanager.service.http.Form;
import io.signingmanager.service.http.Router;
import java.time.Instant;

/**
 * The Backup page, for admins: download a backup encrypted under a passphrase typed twice (never kept,
 * never logged), and set, change or stop scheduled backups, with the last good backup and the schedule's
 * last failure. On PostgreSQL it says how that database is backed up instead.
 */
public final class BackupPage {
    private static final String PAGE = "/backup";

    private final Templates templates;
    private final BackupService backups;

    BackupPage(Templates templates, BackupService backups) {
        this.templates = templates;
        this.backups = backups;
    }

    /** The schedule form's fields as typed (or as stored); the passphrase is never sent back. */
    public record ScheduleForm(String folder, String intervalHours, String keep, boolean includeMasterKey) {
        static ScheduleForm of(BackupSchedule schedule) {
            return schedule == null ? new ScheduleForm("", "24", "7", false) : new ScheduleForm(schedule.folder(),
                    String.valueOf(schedule.intervalHours()), String.valueOf(schedule.keep()), schedule.includeMasterKey());
        }
    }

    public record BackupView(Frame frame, BackupState state, ScheduleForm form, boolean includeKeyInDownload,
                             String notice, String downloadError, String scheduleError) {
        public String time(Instant instant) {
            return TimeText.time(instant);
        }

        public int minHours() {
            return BackupSchedule.MIN_HOURS;
        }

        public int maxHours() {
            return BackupSchedule.MAX_HOURS;
        }

        public int maxKeep() {
            return BackupSchedule.MAX_KEEP;
        }
    }

    void register(Router router) {
        router.get(PAGE, Access.ADMIN, request -> {
            String notice = switch (String.valueOf(request.query("done"))) {
                case "scheduled" -> "Scheduled backups are saved.";
                case "unscheduled" -> "Scheduled backups are stopped. The backups already written stay in their folder.";
                default -> null;
            };
            return page(request, 200, null, false, notice, null, null);
        });
        router.post(PAGE + "/download", Access.ADMIN, this::download);
        router.post(PAGE + "/schedule", Access.ADMIN, this::schedule);
        router.post(PAGE + "/schedule/remove", Access.ADMIN, request -> {
            backups.unschedule(request.actor());
            return ApiResponse.redirect(PAGE + "?done=unscheduled");
        });
    }

    private ApiResponse download(ApiRequest request) throws Refusal {
        Form form = request.form();
        boolean withKey = form.text("includeMasterKey") != null;
        String passphrase = form.text("passphrase");
        if (passphrase != null && !passphrase.equals(form.text("confirmPassphrase"))) {
            return page(request, 400, null, withKey, null, "The two passphrases differ; type the same one twice.", null);
        }
        try {
            return BackupRoutes.download(backups.download(passphrase, withKey, request.actor()));
        } catch (Refusal e) {
            return page(request, e.code().status(), null, withKey, null, e.getMessage(), null);
        }
    }

    private ApiResponse schedule(ApiRequest request) throws Refusal {
        Form form = request.form();
        ScheduleForm typed = new ScheduleForm(orEmpty(form.text("folder")), orEmpty(form.text("intervalHours")),
                orEmpty(form.text("keep")), form.text("includeMasterKey") != null);
        // A passphrase is taken as typed, spaces and all.
        String passphrase = asTyped(form.text("passphrase"));
        if (!passphrase.equals(asTyped(form.text("confirmPassphrase")))) {
            return page(request, 400, typed, false, null, null, "The two passphrases differ; type the same one twice.");
        }
        try {
            backups.schedule(new BackupService.ScheduleRequest(typed.folder(), number(typed.intervalHours()),
                    number(typed.keep()), typed.includeMasterKey(), passphrase), request.actor());
        } catch (Refusal e) {
            return page(request, e.code().status(), typed, false, null, null, e.getMessage());
        }
        return ApiResponse.redirect(PAGE + "?done=scheduled");
    }

    /** The page with the backups as they are now; {@code form} as typed, or {@code null} for the stored schedule. */
    private ApiResponse page(ApiRequest request, int status, ScheduleForm form, boolean withKey, String notice,
                             String downloadError, String scheduleError) {
        BackupState state = backups.state();
        return templates.page(status, "backup/backup", new BackupView(new Frame("Backup", Frame.Section.BACKUP,
                request.session()), state, form == null ? ScheduleForm.of(state.schedule()) : form, withKey, notice,
                downloadError, scheduleError));
    }

    private static String orEmpty(String text) {
        return asTyped(text).strip();
    }

    private static String asTyped(String text) {
        return text == null ? "" : text;
    }

    /** A whole number as typed, or {@code null} (refused by the service in words) when it is none. */
    private static Integer number(String text) {
        try {
            return Integer.valueOf(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
