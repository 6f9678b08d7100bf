package io.signingmanager.service.users;

import io.signingmanager.service.failure.Refusal;

/** What a password must be: long enough, not the default, not the user name. */
public final class PasswordPolicy {
    public static final String DEFAULT_USERNAME = "admin";
    public static final String DEFAULT_PASSWORD = "change_password";
    public static final int MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 256;

    private PasswordPolicy() {
    }

    public static void check(String username, String password) throws Refusal {
        if (password == null || password.length() < MIN_LENGTH) {
            throw Refusal.badRequest("The password must have at least " + MIN_LENGTH + " characters");
        }
        if (password.length() > MAX_LENGTH) {
            throw Refusal.badRequest("The password must have at most " + MAX_LENGTH + " characters");
        }
        if (password.equals(DEFAULT_PASSWORD)) {
            throw Refusal.badRequest("Choose a password other than the default one");
        }
        if (password.equalsIgnoreCase(username)) {
            throw Refusal.badRequest("The password must not be the user name");
        }
    }
}
