package io.signingmanager.service.web;

import io.signingmanager.service.failure.Refusal;
import io.signingmanager.service.http.Form;

/** The fields of the pages' upload forms: the file (field {@code file}) and a .p12's password. */
final class UploadForm {
    private UploadForm() {
    }

    /** The chosen file; a form sent without one is refused in words naming the kind of file, e.g. ".p12". */
    static byte[] file(Form form, String kind) throws Refusal {
        try {
            return form.file("file");
        } catch (Refusal e) {
            throw Refusal.badRequest("Choose the " + kind + " file first");
        }
    }

    /** The .p12 password; an empty field is an empty password. */
    static String password(Form form) {
        String password = form.text("password");
        return password == null ? "" : password;
    }
}
