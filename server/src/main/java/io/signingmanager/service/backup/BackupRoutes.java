package io.signingmanager.service.backup;

import io.signingmanager.service.http.Access;
import io.signingmanager.service.http.ApiResponse;
import io.signingmanager.service.http.Router;

/**
 * {@code /api/v1/admin/backup}: admins see what the service knows of its backups, download one (the
 * passphrase in the body, never in a URL) and set or stop scheduled backups.
 */
public final class BackupRoutes {
    static final String PATH = "/api/v1/admin/backup";
    private final BackupService backups;

    /** A download's body: the passphrase to encrypt under, and whether the master key goes in too. */
    public record DownloadRequest(String passphrase, Boolean includeMasterKey) {
    }

    public BackupRoutes(BackupService backups) {
        this.backups = backups;
    }

    public void register(Router router) {
        router.get(PATH, Access.ADMIN, request -> ApiResponse.ok(backups.state()));
        router.post(PATH, Access.ADMIN, request -> {
            DownloadRequest body = request.json(DownloadRequest.class);
            return download(backups.download(body.passphrase(), Boolean.TRUE.equals(body.includeMasterKey()),
                    request.actor()));
        });
        router.put(PATH + "/schedule", Access.ADMIN, request -> ApiResponse.ok(
                backups.schedule(request.json(BackupService.ScheduleRequest.class), request.actor())));
        router.delete(PATH + "/schedule", Access.ADMIN, request -> ApiResponse.ok(backups.unschedule(request.actor())));
    }

    /** The backup as a file to save, made while it is sent. */
    public static ApiResponse download(BackupService.Download download) {
        return ApiResponse.stream(200, "application/octet-stream", download.content()::writeTo)
                .attachment(download.fileName());
    }
}
