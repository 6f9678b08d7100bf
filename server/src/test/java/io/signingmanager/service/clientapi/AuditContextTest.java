package io.signingmanager.service.clientapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signingmanager.common.json.Json;
import io.signingmanager.common.protocol.SignContext;
import io.signingmanager.service.failure.Refusal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A batch item's place is added by length, without writing the context again: the answer must be the one
 * writing the context with its place to JSON gives, right at the audit's 4,000 characters too.
 */
class AuditContextTest {
    private static final List<int[]> PLACES = List.of(new int[] {1, 1}, new int[] {9, 10}, new int[] {7, 200},
            new int[] {99, 100}, new int[] {1000, 1000});

    @Test
    void thePlaceIsAddedExactlyWhenTheContextWrittenWithItFitsTheRecord() throws Refusal {
        int fits = 0;
        int full = 0;
        // Quotes, control characters (short and \\u escapes) and non-ASCII text: the JSON of the first
        // three fields is 3,453 characters plus the format's 2 per newline and the note's 1 per letter.
        for (int newlines = 250; newlines <= 290; newlines++) {
            for (int letters = 0; letters <= 20; letters++) {
                SignContext context = new SignContext("\"".repeat(500), "\u0001".repeat(400), "\n".repeat(newlines),
                        "\u00e9".repeat(letters));
                Map<String, String> values = values(context);
                if (json(values) > AuditContext.MAX_JSON) {
                    assertThatThrownBy(() -> AuditContext.of(context)).isInstanceOf(Refusal.class);
                    continue;
                }
                AuditContext checked = AuditContext.of(context);
                assertThat(checked.jsonLength()).isEqualTo(json(values));
                for (int[] place : PLACES) {
                    Map<String, String> withPlace = new LinkedHashMap<>(values);
                    withPlace.put("batch", place[0] + "/" + place[1]);
                    AuditContext placed = checked.withPlace(place[0], place[1]);
                    if (json(withPlace) <= AuditContext.MAX_JSON) {
                        fits++;
                        assertThat(placed.values()).isEqualTo(withPlace);
                        assertThat(placed.jsonLength()).isEqualTo(json(withPlace));
                    } else {
                        full++;
                        assertThat(placed).isSameAs(checked);
                    }
                }
            }
        }
        assertThat(fits).isPositive();
        assertThat(full).isPositive();
    }

    @Test
    void anEmptyOrMissingContextTakesItsPlaceAlone() throws Refusal {
        for (SignContext context : new SignContext[] {null, new SignContext(null, null, null, null)}) {
            AuditContext placed = AuditContext.of(context).withPlace(1000, 1000);
            assertThat(placed.values()).isEqualTo(Map.of("batch", "1000/1000"));
            assertThat(placed.jsonLength()).isEqualTo(json(placed.values()));
        }
    }

    private static Map<String, String> values(SignContext context) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("fileName", context.fileName());
        values.put("fileSha256", context.fileSha256());
        values.put("format", context.format());
        values.put("note", context.note());
        return values;
    }

    /** How long the context is written as the audit writes it. */
    private static int json(Map<String, String> values) {
        return Json.mapper().valueToTree(values).toString().length();
    }
}
