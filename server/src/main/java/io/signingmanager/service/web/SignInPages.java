package io.signingmanager.service.web;

import io.signingmanager.service.auth.Agreement;
import io.signingmanager.service.auth.SessionStore;
import io.signingmanager.service.auth.SignIn;
import io.signingmanager.service.http.Access;
import io.signingmanager.service.failure.Refusal;
import io.signingmanager.service.http.ApiRequest;
import io.signingmanager.service.http.ApiResponse;
import io.signingmanager.service.http.Form;
import io.signingmanager.service.http.Router;
import io.signingmanager.service.http.Session;
import io.signingmanager.service.http.SessionCookie;
import io.signingmanager.service.secrets.Tokens;
import java.util.regex.Pattern;

/**
 * Sign in, the first sign-in steps (a new password, the User Agreement) and sign out. The sign-in
 * form has no session yet, so its CSRF token is a cookie it must echo (double submit).
 */
public final class SignInPages {
    static final String LOGIN = "/login";
    static final String PASSWORD = "/password";
    static final String AGREEMENT = "/agreement";
    private static final String LOGIN_COOKIE = "signing_login";
    private static final Pattern LOCAL_PATH = Pattern.compile("/(?![/\\\\])[A-Za-z0-9._~!$&'()*+,;=:@%/?-]*");

    private final Templates templates;
    private final SignIn signIn;
    private final SessionStore sessions;

    SignInPages(Templates templates, SignIn signIn, SessionStore sessions) {
        this.templates = templates;
        this.signIn = signIn;
        this.sessions = sessions;
    }

    public record LoginView(Frame frame, String username, String next, String csrf, String error) {
    }

    public record PasswordView(Frame frame, String error) {
    }

    public record AgreementView(Frame frame, String text) {
    }

    void register(Router router) {
        router.get(LOGIN, Access.PUBLIC, this::loginForm);
        router.post(LOGIN, Access.PUBLIC, this::login);
        router.post("/logout", Access.SIGNED_IN, this::logout);
        router.get(PASSWORD, Access.SIGNED_IN, request -> passwordForm(request.session(), 200, null));
        router.post(PASSWORD, Access.SIGNED_IN, this::changePassword);
        router.get(AGREEMENT, Access.SIGNED_IN, this::agreement);
        router.post(AGREEMENT, Access.SIGNED_IN, this::accept);
    }

    private ApiResponse loginForm(ApiRequest request) {
        String token = SessionCookie.token(request);
        if (token != null && sessions.find(token).isPresent()) {
            return ApiResponse.redirect("/");
        }
        return loginPage(200, "", safeNext(request.query("next")), null);
    }

    private ApiResponse login(ApiRequest request) throws Refusal {
        Form form = request.form();
        String username = text(form, "username");
        String next = safeNext(form.text("next"));
        String expected = request.cookie(LOGIN_COOKIE);
        if (expected == null || !expected.equals(form.text(PageDialect.CSRF_FIELD))) {
            return loginPage(403, username, next, "The sign-in form expired. Please sign in again.");
        }
        String password = text(form, "password");
        if (username.isBlank() || password.isEmpty()) {
            return loginPage(400, username, next, "Enter your user name and your password.");
        }
        SignIn.SignedIn signedIn;
        try {
            signedIn = signIn.login(username, password, request.remoteAddress());
        } catch (Refusal e) {
            return loginPage(e.code().status(), username, next, e.getMessage()).retryAfter(e);
        }
        String target = signedIn.user().mustChangePassword() ? PASSWORD
                : signedIn.user().agreementAcceptedAt() == null ? AGREEMENT : next;
        return ApiResponse.redirect(target).header("Set-Cookie", SessionCookie.set(signedIn.session().token(),
                SessionStore.LIFETIME));
    }

    private ApiResponse loginPage(int status, String username, String next, String error) {
        String csrf = Tokens.generate("");
        return templates.page(status, "login", new LoginView(Frame.signedOut("Sign in"), username, next, csrf, error))
                .header("Set-Cookie", LOGIN_COOKIE + "=" + csrf + "; Path=" + LOGIN
                        + "; HttpOnly; Secure; SameSite=Strict; Max-Age=3600");
    }

    private ApiResponse logout(ApiRequest request) {
        sessions.delete(SessionCookie.token(request));
        return ApiResponse.redirect(LOGIN).header("Set-Cookie", SessionCookie.expired());
    }

    private ApiResponse passwordForm(Session session, int status, String error) {
        return templates.page(status, "password", new PasswordView(new Frame("Choose a new password",
                Frame.Section.NONE, session), error));
    }

    private ApiResponse changePassword(ApiRequest request) throws Refusal {
        Form form = request.form();
        String next = text(form, "newPassword");
        if (!next.equals(text(form, "confirmPassword"))) {
            return passwordForm(request.session(), 400, "The two new passwords differ. Type the same password twice.");
        }
        try {
            signIn.changePassword(request.session().userId(), request.session().username(), SessionCookie.token(request),
                    text(form, "currentPassword"), next);
        } catch (Refusal e) {
            return passwordForm(request.session(), e.code().status(), e.getMessage());
        }
        return ApiResponse.redirect(request.session().agreementAccepted() ? "/" : AGREEMENT);
    }

    private ApiResponse agreement(ApiRequest request) {
        if (request.session().mustChangePassword()) {
            return ApiResponse.redirect(PASSWORD);
        }
        return templates.page("agreement", new AgreementView(new Frame("User Agreement", Frame.Section.NONE,
                request.session()), Agreement.TEXT));
    }

    private ApiResponse accept(ApiRequest request) throws Refusal {
        signIn.acceptAgreement(request.session().userId(), request.session().mustChangePassword());
        return ApiResponse.redirect("/");
    }

    private static String text(Form form, String name) {
        String value = form.text(name);
        return value == null ? "" : value;
    }

    /**
     * Only a plain path on this service, so the sign-in form cannot send anyone elsewhere. Browsers
     * drop tabs and newlines from a URL and read '\' as '/', so "/\t/host" is followed as "//host",
     * another host: a path is one '/' and then only the printable ASCII a path and query are made of.
     */
    private static String safeNext(String next) {
        return next != null && LOCAL_PATH.matcher(next).matches() ? next : "/";
    }
}
