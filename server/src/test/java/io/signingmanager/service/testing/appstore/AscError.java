package io.signingmanager.service.testing.appstore;

/** An answer in Apple's error shape: the HTTP status, Apple's code, title and detail, and what it points at. */
final class AscError extends Exception {
    final int status;
    final String code;
    final String title;
    final String detail;
    /** {@code pointer} into the request body or {@code parameter} name; {@code null} for neither. */
    final String pointer;
    final String parameter;

    private AscError(int status, String code, String title, String detail, String pointer, String parameter) {
        super(status + " " + code + ": " + detail);
        this.status = status;
        this.code = code;
        this.title = title;
        this.detail = detail;
        this.pointer = pointer;
        this.parameter = parameter;
    }

    static AscError of(int status, String code, String title, String detail) {
        return new AscError(status, code, title, detail, null, null);
    }

    static AscError notAuthorized() {
        return new AscError(401, "NOT_AUTHORIZED", "Authentication credentials are missing or invalid.",
                "Provide a properly configured and signed bearer token, and make sure that it has not expired. "
                        + "Learn more about Generating Tokens for API Requests https://developer.apple.com/go/?id=api-generating-tokens",
                null, null);
    }

    static AscError forbidden() {
        return new AscError(403, "FORBIDDEN_ERROR", "This request is forbidden for security reasons",
                "The API key in use does not allow this request", null, null);
    }

    static AscError notFound(String detail) {
        return new AscError(404, "NOT_FOUND", "The specified resource does not exist", detail, null, null);
    }

    static AscError entity(String detail, String pointer) {
        return new AscError(409, "ENTITY_ERROR", "There is a problem with the request entity", detail, pointer, null);
    }

    static AscError parameter(String parameter, String detail) {
        return new AscError(400, "PARAMETER_ERROR.ILLEGAL", "A parameter provided is not allowed", detail, null, parameter);
    }

    /** The double's own verdict on a request its schema refuses: loud, so that the client's bug shows. */
    static AscError schema(String detail) {
        return new AscError(500, "UNEXPECTED_ERROR", "The request body does not match App Store Connect's schema", detail, null, null);
    }
}
