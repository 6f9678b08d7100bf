package io.signingmanager.service.web;

import io.signingmanager.service.failure.Refusal;
import io.signingmanager.service.http.ApiResponse;
import io.signingmanager.service.http.Form;
import java.util.regex.Pattern;

/**
 * The Active/Inactive buttons of the API key and client lists: the form says the status wanted
 * and the list to return to, which must be one of those lists so no form sends anyone elsewhere.
 */
final class StatusToggle {
    static final String ACTIVE_FIELD = "active";
    static final String BACK_FIELD = "back";
    private static final Pattern LISTS = Pattern.compile("/api-keys|/clients|/api-keys/[A-Za-z0-9-]{1,64}/clients");

    private StatusToggle() {
    }

    /** The status the form asks for. */
    static boolean requested(Form form) throws Refusal {
        String value = form.text(ACTIVE_FIELD);
        if ("true".equals(value)) {
            return true;
        }
        if ("false".equals(value)) {
            return false;
        }
        throw Refusal.badRequest("The form did not say whether to make it active or inactive; reload the page and try again");
    }

    /** {@code requested} when it is one of the lists, otherwise {@code fallback}. */
    static String back(String requested, String fallback) {
        return requested != null && LISTS.matcher(requested).matches() ? requested : fallback;
    }

    /** Back to the list the form came from, at the row that changed. */
    static ApiResponse backToRow(Form form, String fallback, String rowId) {
        return ApiResponse.redirect(back(form.text(BACK_FIELD), fallback) + "#" + rowId);
    }
}
