package io.signingmanager.service.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.signingmanager.common.json.Json;
import io.signingmanager.service.failure.Refusal;
import java.io.IOException;
import java.util.stream.Collectors;

/**
 * Reads a request's JSON body into a record. Before binding, one pass over the tokens refuses what
 * no call takes, each in words that name the field: nesting deeper than {@value #MAX_DEPTH}, numbers
 * longer than {@value #MAX_NUMBER} characters, and text {@link EdgeText} refuses (in values and
 * field names alike, so nothing a route stores can hold it).
 */
final class JsonBody {
    static final int MAX_DEPTH = 32;
    static final int MAX_NUMBER = 100;
    private static final int MAX_FIELD_PATH = 100;
    private static final ObjectMapper BODIES = strictTypes(Json.mapper().copy());

    private JsonBody() {
    }

    static <T> T read(byte[] body, Class<T> type) throws Refusal {
        if (body.length == 0) {
            throw Refusal.badRequest("The request needs a JSON body");
        }
        try {
            screen(body);
            T value = BODIES.readValue(body, type);
            if (value == null) {
                throw Refusal.badRequest("The request needs a JSON object, got null");
            }
            return value;
        } catch (MismatchedInputException e) {
            throw Refusal.badRequest(mismatchMessage(e));
        } catch (StreamConstraintsException e) {
            // Jackson's own limits, above ours: only reached where screen() did not look first.
            throw Refusal.badRequest("The body goes beyond the limits of JSON the service reads");
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            throw Refusal.badRequest("The body is not valid JSON" + (where == null ? ""
                    : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")"));
        } catch (IOException e) {
            throw Refusal.badRequest("The body cannot be read");
        }
    }

    /** Walks every token once; malformed JSON fails here as it would when bound. */
    private static void screen(byte[] body) throws IOException, Refusal {
        try (JsonParser parser = BODIES.getFactory().createParser(body)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                switch (token) {
                    case START_OBJECT, START_ARRAY -> {
                        if (parser.getParsingContext().getNestingDepth() > MAX_DEPTH) {
                            throw Refusal.badRequest("The body nests deeper than " + MAX_DEPTH + " levels");
                        }
                    }
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                        if (parser.getTextLength() > MAX_NUMBER) {
                            throw Refusal.badRequest(field(parser.getParsingContext()) + " holds a number longer than "
                                    + MAX_NUMBER + " characters");
                        }
                    }
                    case FIELD_NAME -> {
                        String object = path(parser.getParsingContext().getParent());
                        EdgeText.check(object.isEmpty() ? "A field name" : "A field name in '" + object + "'",
                                parser.currentName());
                    }
                    case VALUE_STRING -> EdgeText.check(field(parser.getParsingContext()), parser.getText());
                    default -> {
                    }
                }
            }
        }
    }

    /** "Field 'context.fileName'", "Field 'apiKeyIds[2]'", or "The body" for a value at the top. */
    private static String field(JsonStreamContext context) {
        String path = path(context);
        return path.isEmpty() ? "The body" : "Field '" + path + "'";
    }

    private static String path(JsonStreamContext context) {
        StringBuilder path = new StringBuilder();
        for (JsonStreamContext at = context; at != null && !at.inRoot(); at = at.getParent()) {
            boolean nested = at.getParent() != null && !at.getParent().inRoot();
            path.insert(0, at.inArray() ? "[" + at.getCurrentIndex() + "]" : (nested ? "." : "") + at.getCurrentName());
        }
        return path.length() <= MAX_FIELD_PATH ? path.toString() : path.substring(0, MAX_FIELD_PATH) + "...";
    }

    // Jackson by default reads 5 as "5", "true" or 1 as true: {"admin":"true"} would make an admin and
    // {"active":"no"} is refused while {"active":0} switches off. Bodies get exactly the JSON types they declare.
    private static ObjectMapper strictTypes(ObjectMapper mapper) {
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        for (LogicalType number : new LogicalType[] {LogicalType.Integer, LogicalType.Float}) {
            mapper.coercionConfigFor(number)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        return mapper;
    }

    private static String mismatchMessage(MismatchedInputException e) {
        String field = e.getPath().stream()
                .map(JsonMappingException.Reference::getFieldName)
                .filter(name -> name != null)
                .collect(Collectors.joining("."));
        if (field.isEmpty()) {
            return "The body does not have the expected JSON shape";
        }
        return "Field '" + field + "' has the wrong type";
    }
}
