package io.signingmanager.service.web;

import io.signingmanager.service.audit.Actor;
import io.signingmanager.service.failure.Refusal;
import io.signingmanager.service.http.Access;
import io.signingmanager.service.http.ApiResponse;
import io.signingmanager.service.http.Form;
import io.signingmanager.service.http.Router;
import java.util.regex.Pattern;

/**
 * The one Active/Inactive toggle of certificates, API keys and clients (the form is the template
 * {@code status/toggle.jte}): every user may use it. The form says the status wanted and the page
 * to return to, which must be one of the lists or a certificate's page (with the list's search,
 * sorting and page kept), so no form sends anyone elsewhere.
 */
final class StatusToggle {
    static final String ACTIVE_FIELD = "active";
    static final String BACK_FIELD = "back";
    private static final String ID = "[A-Za-z0-9-]{1,64}";
    private static final Pattern PAGES = Pattern.compile("(/api-keys|/clients|/api-keys/" + ID + "/clients|/certificates"
            + "|/certificates/" + ID + ")(\\?[A-Za-z0-9=&%._+*~-]{0,600})?");

    /** Sets the status of the thing with that id, as the actor. */
    @FunctionalInterface
    interface Target {
        void setActive(String id, boolean active, Actor actor) throws Refusal;
    }

    private StatusToggle() {
    }

    /**
     * Answers {@code POST <list>/{id}/active}: sets the status and goes back to the page the form
     * came from, at the row that changed ({@code rowPrefix} and the id name the row).
     */
    static void register(Router router, String list, String rowPrefix, Target target) {
        router.post(list + "/{id}/active", Access.USER, request -> {
            Form form = request.form();
            String id = request.pathParameter("id");
            target.setActive(id, requested(form), request.actor());
            return ApiResponse.redirect(back(form.text(BACK_FIELD), list) + "#" + rowPrefix + id);
        });
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

    /** {@code requested} when it is one of the pages a toggle may return to, otherwise {@code fallback}. */
    static String back(String requested, String fallback) {
        return requested != null && PAGES.matcher(requested).matches() ? requested : fallback;
    }
}
