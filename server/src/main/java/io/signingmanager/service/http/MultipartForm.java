package io.signingmanager.service.http;

import io.signingmanager.common.protocol.ErrorCode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.content.ByteBufferContentSource;

/** A {@code multipart/form-data} body, parsed by Jetty from bytes already read within their limit. */
public final class MultipartForm {
    private static final int MAX_PARTS = 16;

    private final Map<String, byte[]> parts;

    private MultipartForm(Map<String, byte[]> parts) {
        this.parts = parts;
    }

    static MultipartForm parse(String contentType, byte[] body) throws ApiException {
        String boundary = contentType == null ? null : MultiPart.extractBoundary(contentType);
        if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data")
                || boundary == null) {
            throw new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "The request must be multipart/form-data");
        }
        MultiPartFormData.Parser parser = new MultiPartFormData.Parser(boundary);
        parser.setMaxParts(MAX_PARTS);
        parser.setMaxLength(body.length);
        parser.setMaxMemoryFileSize(body.length + 1L);
        try (MultiPartFormData.Parts formParts = parser.parse(new ByteBufferContentSource(ByteBuffer.wrap(body))).get()) {
            Map<String, byte[]> read = new HashMap<>();
            for (MultiPart.Part part : formParts) {
                ByteBuffer content = Content.Source.asByteBuffer(part.getContentSource());
                byte[] bytes = new byte[content.remaining()];
                content.get(bytes);
                read.putIfAbsent(part.getName(), bytes);
            }
            return new MultipartForm(read);
        } catch (ExecutionException e) {
            throw ApiException.badRequest("The multipart form cannot be read");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.badRequest("The multipart form was not read");
        } catch (java.io.IOException e) {
            throw ApiException.badRequest("The multipart form cannot be read");
        }
    }

    /** A required file part. */
    public byte[] file(String name) throws ApiException {
        byte[] content = parts.get(name);
        if (content == null || content.length == 0) {
            throw ApiException.badRequest("The form needs a file in field '" + name + "'");
        }
        return content;
    }

    /** A text part, or {@code null} when absent. */
    public String text(String name) {
        byte[] content = parts.get(name);
        return content == null ? null : new String(content, StandardCharsets.UTF_8);
    }
}
