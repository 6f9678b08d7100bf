package io.signingmanager.bench;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.signingmanager.common.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A sign-batch answer as the load generator reads it: each item's signature or error, its receipt skipped
 * unread (streaming), as the single-call phase reads no answer at all. The clients share the service's two
 * cores here, where in production they run elsewhere; building the receipts' objects would weigh on the
 * service's figure, not tell about it.
 */
final class BatchAnswer {
    /** One item: its signature (base64) or its error code and message. */
    record Item(String signature, String error, String message) {
    }

    private BatchAnswer() {
    }

    static List<Item> read(byte[] body) throws IOException {
        List<Item> items = new ArrayList<>();
        try (JsonParser parser = Json.mapper().getFactory().createParser(body)) {
            expect(parser.nextToken() == JsonToken.START_OBJECT);
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                boolean results = "results".equals(parser.currentName());
                JsonToken value = parser.nextToken();
                if (!results) {
                    parser.skipChildren();
                    continue;
                }
                expect(value == JsonToken.START_ARRAY);
                while (parser.nextToken() == JsonToken.START_OBJECT) {
                    items.add(item(parser));
                }
            }
        }
        return items;
    }

    private static Item item(JsonParser parser) throws IOException {
        String signature = null;
        String error = null;
        String message = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            switch (name) {
                case "signature" -> signature = parser.getValueAsString();
                case "error" -> error = parser.getValueAsString();
                case "message" -> message = parser.getValueAsString();
                default -> parser.skipChildren();
            }
        }
        return new Item(signature, error, message);
    }

    private static void expect(boolean shape) throws IOException {
        if (!shape) {
            throw new IOException("A sign-batch answer is not {\"results\": [...]}");
        }
    }
}
