package io.signingmanager.service.clientapi;

import io.signingmanager.common.json.Json;
import io.signingmanager.common.protocol.SignContext;
import io.signingmanager.service.failure.Refusal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A sign request's context as its audit record keeps it, with the length of its JSON: an audit record
 * holds 4,000 characters of it, and quotes and control characters grow when escaped, so the context is
 * written to JSON once, when it is checked. A batch item then adds its place to it by adding the length
 * of that one field instead of writing the whole context again.
 */
record AuditContext(Map<String, String> values, int jsonLength) {
    static final int MAX_FIELD = 500;
    static final int MAX_JSON = 4000;
    static final AuditContext NONE = new AuditContext(Map.of(), "{}".length());
    private static final String PLACE = "batch";
    // "batch":"" around the place: two pairs of quotes and the colon.
    private static final int PLACE_FRAME = PLACE.length() + 5;

    /** The request's context, refused when a field is too long or the whole is once written as JSON. */
    static AuditContext of(SignContext context) throws Refusal {
        if (context == null) {
            return NONE;
        }
        Map<String, String> values = new LinkedHashMap<>();
        put(values, "fileName", context.fileName());
        put(values, "fileSha256", context.fileSha256());
        put(values, "format", context.format());
        put(values, "note", context.note());
        if (values.isEmpty()) {
            return NONE;
        }
        int jsonLength = Json.mapper().valueToTree(values).toString().length();
        if (jsonLength > MAX_JSON) {
            throw Refusal.badRequest("Field 'context' is longer than " + MAX_JSON
                    + " characters once written as JSON; shorten it or avoid quotes and control characters");
        }
        return new AuditContext(values, jsonLength);
    }

    /**
     * The context with {@code "batch": "<place>/<total>"}, so the audit shows the records of one call
     * together; this one unchanged when the record could not hold that too. Neither the name nor the
     * digits need escaping: the JSON grows by the field and, after another field, a comma.
     */
    AuditContext withPlace(int place, int total) {
        String value = place + "/" + total;
        int placed = jsonLength + (values.isEmpty() ? 0 : 1) + PLACE_FRAME + value.length();
        if (placed > MAX_JSON) {
            return this;
        }
        Map<String, String> with = new LinkedHashMap<>(values);
        with.put(PLACE, value);
        return new AuditContext(with, placed);
    }

    private static void put(Map<String, String> values, String name, String value) throws Refusal {
        if (value != null) {
            if (value.length() > MAX_FIELD) {
                throw Refusal.badRequest("Field 'context." + name + "' is longer than " + MAX_FIELD + " characters");
            }
            values.put(name, value);
        }
    }
}
