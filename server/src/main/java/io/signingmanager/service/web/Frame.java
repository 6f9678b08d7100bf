package io.signingmanager.service.web;

import io.signingmanager.service.http.Session;

/**
 * What the layout around every page needs: the title, the menu entry to mark, the signed-in user
 * (none on the sign-in page), whose CSRF token every form carries, and the page one level up, if
 * any, which the layout links to above the heading (the one way back on every page).
 */
public record Frame(String title, Section section, Session session, Back back) {
    /** The menu entries, in menu order; WORKFLOWS, PROFILES and CONNECT_KEYS are the Apple entry's pages. */
    public enum Section {
        HOME, CERTIFICATES, WORKFLOWS, PROFILES, CONNECT_KEYS, API_KEYS, CLIENTS, AUDIT, REFERENCE, USERS, LICENSE, BACKUP, NONE
    }

    /** The page one level up: where the link goes and what it says after the arrow. */
    public record Back(String href, String label) {
    }

    public Frame(String title, Section section, Session session) {
        this(title, section, session, null);
    }

    public static Frame signedOut(String title) {
        return new Frame(title, Section.NONE, null);
    }

    /** This frame with a link back to {@code href}, reading "← {@code label}". */
    public Frame backTo(String href, String label) {
        return new Frame(title, section, session, new Back(href, label));
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

    /** {@code "page"} on the Apple menu entry while one of its pages shows. */
    public String currentApple() {
        return section == Section.WORKFLOWS || section == Section.PROFILES || section == Section.CONNECT_KEYS
                ? "page" : null;
    }

    /** {@code "page"} for the current menu entry, for {@code aria-current}; {@code null} otherwise. */
    public String current(Section entry) {
        return entry == section ? "page" : null;
    }
}
