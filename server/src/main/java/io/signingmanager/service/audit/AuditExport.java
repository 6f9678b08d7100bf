package io.signingmanager.service.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.signingmanager.common.json.Json;
import io.signingmanager.service.failure.Refusal;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;

/**
 * The audit records of a date range as a file to save, CSV or JSON: for the JSON API and the Audit
 * page. The file is written while it is sent, a page of records at a time, so its size is not bounded
 * by memory; its content is what the whole list written at once would be.
 */
public final class AuditExport {
    /** The formats an export comes in. */
    public static final List<String> FORMATS = List.of("csv", "json");
    // Flushing after every record would send it out on its own; the answer's buffer decides instead.
    private static final ObjectWriter RECORD = Json.mapper().writer().without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);

    private AuditExport() {
    }

    /** Writes the file onto a stream as it goes; it neither buffers the whole file nor closes the stream. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** An export to send: the name to save it under, its media type, and its content written on demand. */
    public record File(String name, String mediaType, Content content) {
    }

    /** Every record in {@code [from, to)} (either end open when {@code null}), oldest first, as a file. */
    public static File file(AuditLog audit, String format, Instant from, Instant to) throws Refusal {
        if (!FORMATS.contains(format)) {
            throw Refusal.badRequest("Query parameter 'format' must be json or csv");
        }
        Iterator<AuditRecord> records = audit.export(from, to);
        // The first page is read here, so a database that fails at once answers a 500, not a cut transfer.
        records.hasNext();
        String name = "audit-" + (from == null ? "start" : from.toString().replace(':', '-')) + "-to-"
                + (to == null ? "now" : to.toString().replace(':', '-'));
        return "json".equals(format)
                ? new File(name + ".json", "application/json", out -> json(records, out))
                : new File(name + ".csv", "text/csv; charset=utf-8", out -> csv(records, out));
    }

    private static void json(Iterator<AuditRecord> records, OutputStream out) throws IOException {
        JsonGenerator json = RECORD.createGenerator(out);
        json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        json.writeStartArray();
        while (records.hasNext()) {
            RECORD.writeValue(json, records.next());
        }
        json.writeEndArray();
        json.close();
        out.write('\n');
    }

    private static void csv(Iterator<AuditRecord> records, OutputStream out) throws IOException {
        Writer csv = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        AuditCsv.write(records, csv);
        csv.flush();
    }
}
