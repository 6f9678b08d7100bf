package io.signingmanager.service.appstore;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.common.protocol.ErrorCode;
import io.signingmanager.common.text.Printable;
import io.signingmanager.service.failure.Refusal;
import java.util.ArrayList;
import java.util.List;

/**
 * Apple's error answers in words: {@code {"errors":[{"status","code","title","detail"}]}} read into one
 * sentence, and the status mapped onto our codes. A 401 (after the retry) and a 403 are the key's
 * fault, {@code invalid_connect_key}; the 409 of a full certificate type is {@code certificate_limit};
 * anything else is {@code app_store_connect}, quoting Apple.
 */
final class AppleErrors {
    /** How Apple starts the detail of its certificate limit, the one thing tools can match on. */
    static final String LIMIT_MARK = "You already have a current";

    private AppleErrors() {
    }

    /** Apple's errors as "CODE: detail" joined, or the bare status when the body says nothing readable. */
    static String described(int status, JsonNode body) {
        List<String> parts = new ArrayList<>();
        if (body != null && body.path("errors").isArray()) {
            for (JsonNode error : body.path("errors")) {
                String code = error.path("code").asText("");
                String detail = error.path("detail").asText(error.path("title").asText(""));
                String part = code.isEmpty() ? detail : detail.isEmpty() ? code : code + ": " + detail;
                if (!part.isEmpty()) {
                    parts.add(part);
                }
            }
        }
        String said = parts.isEmpty() ? "HTTP " + status : "HTTP " + status + ", " + String.join("; ", parts);
        return Printable.of(said);
    }

    /** Whether the answer is Apple's "You already have a current ... certificate" limit. */
    static boolean certificateLimit(int status, JsonNode body) {
        return status == 409 && body != null && body.toString().contains(LIMIT_MARK);
    }

    /** The refusal for an answer Apple gave to {@code what} ("list the bundle IDs"), with the key's name. */
    static Refusal refusal(ConnectKey key, String what, int status, JsonNode body) {
        String apple = described(status, body);
        if (status == 401) {
            return new Refusal(ErrorCode.INVALID_CONNECT_KEY, "App Store Connect does not accept the API key '"
                    + key.name() + "' (Key ID " + key.keyId() + "), so the service could not " + what + ": the Issuer ID,"
                    + " Key ID and .p8 file do not belong together, or the key was revoked in App Store Connect ("
                    + apple + ")");
        }
        if (status == 403) {
            return new Refusal(ErrorCode.INVALID_CONNECT_KEY, "The API key '" + key.name() + "' may not " + what
                    + ": its role in App Store Connect does not allow it; automatic signing needs a key with the "
                    + "Admin role (" + apple + ")");
        }
        if (certificateLimit(status, body)) {
            return new Refusal(ErrorCode.CERTIFICATE_LIMIT, "Apple refused to " + what + ": the team has as many "
                    + "certificates of this type as Apple allows. Revoke one of them, or sign this workflow manually ("
                    + apple + ")");
        }
        return new Refusal(ErrorCode.APP_STORE_CONNECT, "App Store Connect refused to " + what + " (" + apple + ")");
    }

    /** Apple could not be reached or did not answer in time. */
    static Refusal unreachable(String url, String what, Exception cause) {
        String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return new Refusal(ErrorCode.APP_STORE_CONNECT, "App Store Connect at " + url + " cannot be reached to " + what
                + " (" + Printable.of(reason) + "); try again later, or check the service's network and proxy", cause);
    }
}
