package io.signingmanager.service.auth;

import io.signingmanager.service.failure.Input;
import io.signingmanager.service.http.Access;
import io.signingmanager.service.failure.Refusal;
import io.signingmanager.service.http.ApiRequest;
import io.signingmanager.service.http.ApiResponse;
import io.signingmanager.service.http.Router;
import io.signingmanager.service.http.Session;
import io.signingmanager.service.http.SessionCookie;
import io.signingmanager.service.http.SessionResolver;
import io.signingmanager.service.users.User;
import java.util.Map;

/** {@code /api/v1/auth}: sign in and out, the first sign-in steps (new password, agreement). */
public final class AuthRoutes {
    private final SignIn signIn;
    private final SessionStore sessions;

    public AuthRoutes(SignIn signIn, SessionStore sessions) {
        this.signIn = signIn;
        this.sessions = sessions;
    }

    record Login(String username, String password) {
    }

    record ChangePassword(String currentPassword, String newPassword) {
    }

    /** What a successful sign-in answers; the token is also set as an HttpOnly cookie. */
    public record LoginAnswer(String token, String csrfToken, boolean mustChangePassword,
                              boolean mustAcceptAgreement, User user) {
    }

    /** The signed-in user and what they still have to do. */
    public record Me(String id, String username, boolean admin, boolean mustChangePassword,
                     boolean mustAcceptAgreement, String csrfToken) {
    }

    public void register(Router router) {
        router.post("/api/v1/auth/login", Access.PUBLIC, this::login);
        router.post("/api/v1/auth/logout", Access.SIGNED_IN, this::logout);
        router.get("/api/v1/auth/me", Access.SIGNED_IN, request -> ApiResponse.ok(me(request.session())));
        router.post("/api/v1/auth/password", Access.SIGNED_IN, this::changePassword);
        router.get("/api/v1/auth/agreement", Access.SIGNED_IN,
                request -> ApiResponse.ok(Map.of("version", Agreement.VERSION, "text", Agreement.TEXT)));
        router.post("/api/v1/auth/agreement", Access.SIGNED_IN, this::acceptAgreement);
    }

    private ApiResponse login(ApiRequest request) throws Refusal {
        Login body = request.json(Login.class);
        String username = Input.requireText("username", body.username(), 64);
        String password = Input.require("password", body.password());
        SignIn.SignedIn signedIn = signIn.login(username, password, request.remoteAddress());
        SessionStore.Created session = signedIn.session();
        User user = signedIn.user();
        LoginAnswer answer = new LoginAnswer(session.token(), session.csrfToken(), user.mustChangePassword(),
                user.agreementAcceptedAt() == null, user);
        return ApiResponse.ok(answer).header("Set-Cookie", SessionCookie.set(session.token(), SessionStore.LIFETIME));
    }

    private ApiResponse logout(ApiRequest request) {
        sessions.delete(SessionCookie.token(request));
        return ApiResponse.noContent().header("Set-Cookie", SessionCookie.expired());
    }

    private ApiResponse changePassword(ApiRequest request) throws Refusal {
        ChangePassword body = request.json(ChangePassword.class);
        String current = Input.require("currentPassword", body.currentPassword());
        String next = Input.require("newPassword", body.newPassword());
        Session session = request.session();
        signIn.changePassword(session.userId(), session.username(), SessionCookie.token(request), current, next);
        return ApiResponse.ok(me(resolver(sessions).resolve(request)));
    }

    private ApiResponse acceptAgreement(ApiRequest request) throws Refusal {
        signIn.acceptAgreement(request.session().userId(), request.session().mustChangePassword());
        return ApiResponse.ok(me(resolver(sessions).resolve(request)));
    }

    /** Finds the session a request carries, by bearer token or cookie; a cookie's state changes need the CSRF token. */
    public static SessionResolver resolver(SessionStore sessions) {
        return request -> {
            String token = SessionCookie.token(request);
            boolean viaCookie = request.bearerToken() == null;
            return token == null ? null : sessions.find(token).map(holder -> new Session(holder.userId(),
                    holder.username(), holder.admin(), holder.mustChangePassword(), holder.agreementAccepted(),
                    holder.csrfToken(), viaCookie)).orElse(null);
        };
    }

    private static Me me(Session session) {
        return new Me(session.userId(), session.username(), session.admin(), session.mustChangePassword(),
                !session.agreementAccepted(), session.csrfToken());
    }
}
