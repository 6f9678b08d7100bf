package io.signingmanager.service.web;

import io.signingmanager.service.http.Access;
import io.signingmanager.service.failure.Refusal;
import io.signingmanager.service.http.ApiRequest;
import io.signingmanager.service.http.ApiResponse;
import io.signingmanager.service.http.Form;
import io.signingmanager.service.http.Router;
import io.signingmanager.service.http.Session;
import io.signingmanager.service.users.User;
import io.signingmanager.service.users.UserService;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;

/**
 * Users, for admins: the list, Add User, and a page per user to change the admin flag and whether
 * the account may sign in, reset the password, or delete it. The rules (one active admin remains,
 * nobody disables or deletes their own account) are the {@link UserService}'s, as for the API.
 */
public final class UserPages {
    private static final String USERS = "/users";

    private final Templates templates;
    private final UserService users;

    UserPages(Templates templates, UserService users) {
        this.templates = templates;
        this.users = users;
    }

    /** One user as the pages show them; {@code you} marks the signed-in user. */
    public record UserRow(String id, String username, boolean admin, boolean active, boolean mustChangePassword,
                          String agreementAccepted, String created, boolean you) {
    }

    public record UsersView(Frame frame, ListQuery.Listing<UserRow> list, String notice) {
    }

    /** {@code created} is written year first, so its text sorts as its time. */
    private static final ListQuery<UserRow> QUERY = new ListQuery<>(USERS, List.of(
            new ListQuery.Column<>("name", Comparator.comparing(UserRow::username, String.CASE_INSENSITIVE_ORDER)),
            new ListQuery.Column<>("admin", Comparator.comparing(UserRow::admin).reversed()),
            new ListQuery.Column<>("status", Comparator.comparing(UserRow::active).reversed()),
            new ListQuery.Column<>("created", Comparator.comparing(UserRow::created))),
            user -> List.of(user.username()));

    public record NewUserView(Frame frame, String username, boolean admin, String error) {
    }

    /**
     * A user's page; {@code admin}/{@code active} are what the settings form shows (as submitted
     * after an error); {@code done} names the change just made ({@code saved}, {@code password}).
     */
    public record UserView(Frame frame, UserRow user, boolean admin, boolean active, String done,
                           String settingsError, String passwordError, String deleteError) {
    }

    void register(Router router) {
        router.get(USERS, Access.ADMIN, this::list);
        router.get(USERS + "/new", Access.ADMIN, request -> newUserPage(request.session(), 200, "", false, null));
        router.post(USERS, Access.ADMIN, this::create);
        router.get(USERS + "/{id}", Access.ADMIN, this::show);
        router.post(USERS + "/{id}", Access.ADMIN, this::update);
        router.post(USERS + "/{id}/password", Access.ADMIN, this::resetPassword);
        router.post(USERS + "/{id}/delete", Access.ADMIN, this::delete);
    }

    private ApiResponse list(ApiRequest request) throws Refusal {
        Session session = request.session();
        List<User> all = users.list();
        List<UserRow> rows = all.stream().map(user -> row(user, session)).toList();
        // The notice names a user from the address, so only as far as the list bears it out.
        String added = request.query("added");
        String deleted = request.query("deleted");
        String notice = null;
        if (added != null && all.stream().anyMatch(u -> u.username().equals(added))) {
            notice = "User " + added + " added. They choose their own password when they first sign in.";
        } else if (deleted != null && all.stream().noneMatch(u -> u.username().equals(deleted))) {
            notice = "User " + deleted + " deleted.";
        }
        return templates.page("users/list", new UsersView(frame("Users", session), QUERY.apply(request, rows), notice));
    }

    private ApiResponse newUserPage(Session session, int status, String username, boolean admin, String error) {
        return templates.page(status, "users/new", new NewUserView(frame("Add User", session)
                .backTo(USERS, "Users"), username, admin, error));
    }

    private ApiResponse create(ApiRequest request) throws Refusal {
        Form form = request.form();
        String username = text(form, "username");
        boolean admin = form.text("admin") != null;
        User created;
        try {
            created = users.create(username, text(form, "password"), admin, request.actor());
        } catch (Refusal e) {
            return newUserPage(request.session(), e.code().status(), username, admin, e.getMessage());
        }
        return ApiResponse.redirect(USERS + "?added=" + encode(created.username()));
    }

    private ApiResponse show(ApiRequest request) throws Refusal {
        User user = users.get(request.pathParameter("id"));
        return userPage(request.session(), 200, user, user.admin(), user.active(), request.query("done"), null, null,
                null);
    }

    private ApiResponse userPage(Session session, int status, User user, boolean admin, boolean active, String done,
                                 String settingsError, String passwordError, String deleteError) {
        return templates.page(status, "users/user", new UserView(frame("User " + user.username(), session)
                .backTo(USERS, "Users"),
                row(user, session), admin, active, done, settingsError, passwordError, deleteError));
    }

    private ApiResponse update(ApiRequest request) throws Refusal {
        String id = request.pathParameter("id");
        User user = users.get(id);
        Form form = request.form();
        boolean admin = form.text("admin") != null;
        boolean active = form.text("active") != null;
        Session session = request.session();
        try {
            users.update(request.actor(), id, null, admin, active);
        } catch (Refusal e) {
            return userPage(session, e.code().status(), user, admin, active, null, e.getMessage(), null, null);
        }
        // Whoever just gave up their own admin flag may no longer open this page.
        return ApiResponse.redirect(id.equals(session.userId()) && !admin ? "/" : USERS + "/" + id + "?done=saved");
    }

    private ApiResponse resetPassword(ApiRequest request) throws Refusal {
        String id = request.pathParameter("id");
        User user = users.get(id);
        Form form = request.form();
        String password = text(form, "newPassword");
        Session session = request.session();
        if (!password.equals(text(form, "confirmPassword"))) {
            return userPage(session, 400, user, user.admin(), user.active(), null, null,
                    "The two passwords differ. Type the same password twice.", null);
        }
        try {
            users.resetPassword(id, password, request.actor());
        } catch (Refusal e) {
            return userPage(session, e.code().status(), user, user.admin(), user.active(), null, null, e.getMessage(),
                    null);
        }
        return ApiResponse.redirect(USERS + "/" + id + "?done=password");
    }

    private ApiResponse delete(ApiRequest request) throws Refusal {
        String id = request.pathParameter("id");
        User user = users.get(id);
        try {
            users.delete(request.actor(), id);
        } catch (Refusal e) {
            return userPage(request.session(), e.code().status(), user, user.admin(), user.active(), null, null, null,
                    e.getMessage());
        }
        return ApiResponse.redirect(USERS + "?deleted=" + encode(user.username()));
    }

    private static UserRow row(User user, Session session) {
        return new UserRow(user.id(), user.username(), user.admin(), user.active(), user.mustChangePassword(),
                TimeText.time(user.agreementAcceptedAt()), TimeText.time(user.createdAt()),
                user.id().equals(session.userId()));
    }

    private static Frame frame(String title, Session session) {
        return new Frame(title, Frame.Section.USERS, session);
    }

    private static String text(Form form, String name) {
        String value = form.text(name);
        return value == null ? "" : value;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
