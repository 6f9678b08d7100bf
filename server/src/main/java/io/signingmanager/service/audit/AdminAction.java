package io.signingmanager.service.audit;

import io.signingmanager.common.protocol.WireName;
import java.util.Arrays;
import java.util.List;

/** The admin actions the audit records (request type {@code admin}), each about one kind of object. */
public enum AdminAction implements WireName {
    CERTIFICATE_IMPORT("certificate.import", ObjectKind.CERTIFICATE),
    CERTIFICATE_REPLACE("certificate.replace", ObjectKind.CERTIFICATE),
    CERTIFICATE_DELETE("certificate.delete", ObjectKind.CERTIFICATE),
    CERTIFICATE_ACTIVATE("certificate.activate", ObjectKind.CERTIFICATE),
    CERTIFICATE_DEACTIVATE("certificate.deactivate", ObjectKind.CERTIFICATE),
    CERTIFICATE_AUTHORIZE("certificate.authorize", ObjectKind.CERTIFICATE),
    /** Created through the App Store Connect API with a key the service generated (automatic signing). */
    CERTIFICATE_CREATE("certificate.create", ObjectKind.CERTIFICATE),
    /** Revoked through the App Store Connect API: by an admin at the limit, or after a renewal. */
    CERTIFICATE_REVOKE("certificate.revoke", ObjectKind.CERTIFICATE),
    API_KEY_CREATE("api-key.create", ObjectKind.API_KEY),
    API_KEY_RENAME("api-key.rename", ObjectKind.API_KEY),
    API_KEY_DELETE("api-key.delete", ObjectKind.API_KEY),
    API_KEY_ACTIVATE("api-key.activate", ObjectKind.API_KEY),
    API_KEY_DEACTIVATE("api-key.deactivate", ObjectKind.API_KEY),
    /** The key's value was shown; the value itself is never recorded. */
    API_KEY_SHOW_VALUE("api-key.show-value", ObjectKind.API_KEY),
    CLIENT_ACTIVATE("client.activate", ObjectKind.CLIENT),
    CLIENT_DEACTIVATE("client.deactivate", ObjectKind.CLIENT),
    CLIENT_DELETE("client.delete", ObjectKind.CLIENT),
    USER_CREATE("user.create", ObjectKind.USER),
    USER_UPDATE("user.update", ObjectKind.USER),
    USER_DELETE("user.delete", ObjectKind.USER),
    USER_PASSWORD_RESET("user.password-reset", ObjectKind.USER),
    LICENSE_UPLOAD("license.upload", ObjectKind.LICENSE),
    LICENSE_REMOVE("license.remove", ObjectKind.LICENSE),
    WORKFLOW_CREATE("workflow.create", ObjectKind.WORKFLOW),
    WORKFLOW_UPDATE("workflow.update", ObjectKind.WORKFLOW),
    WORKFLOW_DELETE("workflow.delete", ObjectKind.WORKFLOW),
    WORKFLOW_AUTHORIZE("workflow.authorize", ObjectKind.WORKFLOW),
    /** An automatic workflow's "Set up signing", "Check now" or daily check, with how it ended. */
    WORKFLOW_AUTOMATIC_RUN("workflow.automatic-run", ObjectKind.WORKFLOW),
    PROFILE_UPLOAD("profile.upload", ObjectKind.PROFILE),
    PROFILE_REPLACE("profile.replace", ObjectKind.PROFILE),
    PROFILE_DELETE("profile.delete", ObjectKind.PROFILE),
    /** Created through the App Store Connect API (automatic signing). */
    PROFILE_CREATE("profile.create", ObjectKind.PROFILE),
    /** Deleted in Apple's portal by the service: replaced by a regenerated one, or a zombie. */
    PROFILE_PORTAL_DELETE("profile.portal-delete", ObjectKind.PROFILE),
    CONNECT_KEY_ADD("connect-key.add", ObjectKind.CONNECT_KEY),
    CONNECT_KEY_DELETE("connect-key.delete", ObjectKind.CONNECT_KEY),
    /** A backup of the running service was taken (its object name says whether it holds the master key). */
    BACKUP_TAKE("backup.take", ObjectKind.BACKUP),
    /** Scheduled backups set or changed (folder, interval, how many kept; never the passphrase). */
    BACKUP_SCHEDULE_SET("backup.schedule-set", ObjectKind.BACKUP),
    BACKUP_SCHEDULE_REMOVE("backup.schedule-remove", ObjectKind.BACKUP),
    /** A signed-in user was refused a page or an API call their role does not allow. */
    ACCESS_REFUSED("access.refused", null);

    /** Every action's stored name, for filters. */
    public static final List<String> WIRE_NAMES = Arrays.stream(values()).map(AdminAction::wire).toList();

    private final String wire;
    private final ObjectKind kind;

    AdminAction(String wire, ObjectKind kind) {
        this.wire = wire;
        this.kind = kind;
    }

    /** The name stored, shown and filtered on. */
    @Override
    public String wire() {
        return wire;
    }

    /** The kind of object this action is about; {@code null} when it varies (refusals). */
    public ObjectKind kind() {
        return kind;
    }

    /** {@code activate} or {@code deactivate}, whichever sets {@code active}. */
    public static AdminAction toggle(AdminAction activate, AdminAction deactivate, boolean active) {
        return active ? activate : deactivate;
    }
}
