package io.signingmanager.service.web;

import io.signingmanager.service.http.Session;

/**
 * What the layout around every page needs: the title, the menu entry to mark, and the signed-in
 * user (none on the sign-in page), whose CSRF token every form carries.
 */
public record Frame(String title, Section section, Session session) {
    /** The menu entries, in menu order. */
    public enum Section {
        HOME, CERTIFICATES, API_KEYS, CLIENTS, AUDIT, REFERENCE, USERS, LICENSE, NONE
    }

    public static Frame signedOut(String title) {
        return new Frame(title, Section.NONE, null);
    }

    /** The menu shows only once the first sign-in steps are done. */
    public boolean showMenu() {
        return session != null && !session.mustChangePassword() && session.agreementAccepted();
    }

    public boolean admin() {
        return session != null && session.admin();
    }

    public String csrf() {
        return session == null ? "" : session.csrfToken();
    }

    /** {@code "page"} for the current menu entry, for {@code aria-current}; {@code null} otherwise. */
    public String current(Section entry) {
        return entry == section ? "page" : null;
    }
}
