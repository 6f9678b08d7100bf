package io.signingmanager.service.auth;

/** The user agreement every user accepts before using the service. */
public final class Agreement {
    public static final String VERSION = "1";
    public static final String TEXT = """
            Signing Service User Agreement

            The signing identities kept by this service belong to your organisation. You use them only \
            to sign software and packages your organisation has approved. You keep your password and any \
            API key you see secret, and you report at once any key, client or signature you believe was \
            misused. Every sign-in and every signature is recorded in the audit log, and administrators \
            review it. Access can be withdrawn at any time.
            """;

    private Agreement() {
    }
}
