package io.signingmanager.service.web;

import io.signingmanager.common.protocol.ErrorCode;
import io.signingmanager.service.failure.Refusal;
import io.signingmanager.service.http.ApiRequest;
import io.signingmanager.service.http.ApiResponse;
import io.signingmanager.service.http.Dialect;
import io.signingmanager.service.http.Session;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The pages' way: the CSRF token in a hidden form field, a visitor who is not signed in (or has
 * first sign-in steps left) sent where they must go, and every other refusal as a page in words.
 */
public final class PageDialect implements Dialect {
    static final String CSRF_FIELD = "csrf";

    private final Templates templates;

    PageDialect(Templates templates) {
        this.templates = templates;
    }

    /** The page an error shows. */
    public record ErrorView(Frame frame, int status, String heading, String message) {
    }

    @Override
    public String submittedCsrfToken(ApiRequest request) throws Refusal {
        try {
            return request.form().text(CSRF_FIELD);
        } catch (Refusal e) {
            // A body that is no form carries no token; one too large, late or holding refused text says so.
            if (e.code() == ErrorCode.UNSUPPORTED_MEDIA_TYPE) {
                return null;
            }
            throw e;
        }
    }

    @Override
    public ApiResponse failure(Refusal failure, String method, String path, Session session) {
        return switch (failure.code()) {
            case UNAUTHENTICATED -> ApiResponse.redirect("GET".equals(method) && !path.equals("/")
                    ? "/login?next=" + URLEncoder.encode(path, StandardCharsets.UTF_8) : "/login");
            case PASSWORD_CHANGE_REQUIRED -> ApiResponse.redirect(SignInPages.PASSWORD);
            case AGREEMENT_REQUIRED -> ApiResponse.redirect(SignInPages.AGREEMENT);
            default -> templates.page(failure.code().status(), "error", new ErrorView(
                    new Frame(heading(failure.code()), Frame.Section.NONE, session), failure.code().status(),
                    heading(failure.code()), failure.getMessage()));
        };
    }

    private static String heading(ErrorCode code) {
        if (code == ErrorCode.FIRST_RUN_LOCAL_ONLY) {
            return "Not open to other machines yet";
        }
        return switch (code.status()) {
            case 403 -> "Not allowed";
            case 404, 405 -> "Page not found";
            case 413 -> "The file is too large";
            case 500 -> "Something went wrong";
            case 503 -> "The service cannot save anything now";
            default -> "That did not work";
        };
    }
}
