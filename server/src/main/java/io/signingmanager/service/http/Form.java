package io.signingmanager.service.http;

import io.signingmanager.common.protocol.ErrorCode;
import io.signingmanager.service.failure.Refusal;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.content.ByteBufferContentSource;
import org.eclipse.jetty.util.UrlEncoded;

/**
 * A form body, {@code multipart/form-data} or {@code application/x-www-form-urlencoded}, parsed by
 * Jetty from bytes already read within their limit.
 */
public final class Form {
    private static final int MAX_PARTS = 16;
    // Lists of checkboxes (API keys to authorize) send a field per ticked box.
    private static final int MAX_FIELDS = 1000;

    private final Map<String, List<byte[]>> parts;

    private Form(Map<String, List<byte[]>> parts) {
        this.parts = parts;
    }

    static Form parse(String contentType, byte[] body) throws Refusal {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (type.startsWith("application/x-www-form-urlencoded")) {
            return urlEncoded(body);
        }
        String boundary = type.startsWith("multipart/form-data") ? MultiPart.extractBoundary(contentType) : null;
        if (boundary == null) {
            throw new Refusal(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "The request must be multipart/form-data or application/x-www-form-urlencoded");
        }
        MultiPartFormData.Parser parser = new MultiPartFormData.Parser(boundary);
        parser.setMaxParts(MAX_PARTS);
        parser.setMaxLength(body.length);
        parser.setMaxMemoryFileSize(body.length + 1L);
        try (MultiPartFormData.Parts formParts = parser.parse(new ByteBufferContentSource(ByteBuffer.wrap(body))).get()) {
            Map<String, List<byte[]>> read = new HashMap<>();
            for (MultiPart.Part part : formParts) {
                ByteBuffer content = Content.Source.asByteBuffer(part.getContentSource());
                byte[] bytes = new byte[content.remaining()];
                content.get(bytes);
                if (part.getFileName() == null) {
                    checkText(part.getName(), new String(bytes, StandardCharsets.UTF_8));
                }
                read.computeIfAbsent(part.getName(), name -> new ArrayList<>()).add(bytes);
            }
            return new Form(read);
        } catch (ExecutionException e) {
            throw Refusal.badRequest("The multipart form cannot be read");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Refusal.badRequest("The multipart form was not read");
        } catch (IOException e) {
            throw Refusal.badRequest("The multipart form cannot be read");
        }
    }

    private static Form urlEncoded(byte[] body) throws Refusal {
        Map<String, List<String>> decoded = new HashMap<>();
        try {
            UrlEncoded.decodeTo(new String(body, StandardCharsets.UTF_8), (name, value) -> decoded
                    .computeIfAbsent(name, key -> new ArrayList<>()).add(value), StandardCharsets.UTF_8, MAX_FIELDS);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw Refusal.badRequest("The form cannot be read");
        }
        Map<String, List<byte[]>> read = new HashMap<>();
        for (Map.Entry<String, List<String>> field : decoded.entrySet()) {
            for (String value : field.getValue()) {
                checkText(field.getKey(), value);
                read.computeIfAbsent(field.getKey(), key -> new ArrayList<>()).add(value.getBytes(StandardCharsets.UTF_8));
            }
        }
        return new Form(read);
    }

    /** Text fields (not files) are refused as JSON text is, so no form stores what a JSON call could not. */
    private static void checkText(String name, String value) throws Refusal {
        if (name == null) {
            EdgeText.check("A form field", value);
            return;
        }
        EdgeText.check("A form field name", name);
        EdgeText.check("Form field '" + (name.length() <= 100 ? name : name.substring(0, 100) + "...") + "'", value);
    }

    /** A required file part. */
    public byte[] file(String name) throws Refusal {
        byte[] content = first(name);
        if (content == null || content.length == 0) {
            throw Refusal.badRequest("The form needs a file in field '" + name + "'");
        }
        return content;
    }

    /** A text part, or {@code null} when absent. */
    public String text(String name) {
        byte[] content = first(name);
        return content == null ? null : new String(content, StandardCharsets.UTF_8);
    }

    /** Every value sent under the name (ticked checkboxes), in order. */
    public List<String> texts(String name) {
        return parts.getOrDefault(name, List.of()).stream().map(value -> new String(value, StandardCharsets.UTF_8)).toList();
    }

    private byte[] first(String name) {
        List<byte[]> values = parts.get(name);
        return values == null ? null : values.get(0);
    }
}
