package io.signingmanager.service.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.signingmanager.common.json.Json;
import io.signingmanager.common.protocol.ErrorBody;
import io.signingmanager.common.protocol.ErrorCode;
import io.signingmanager.service.failure.Refusal;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a route answers: status, content type, body and any extra headers. */
public final class ApiResponse {
    private static final String JSON = "application/json";

    private final int status;
    private final String contentType;
    private final byte[] body;
    // Sent from the disk in place of the body, for files too large to hold in memory (installers).
    private final Path file;
    // Written onto the connection as it is produced, for answers of any size made on the fly (audit exports).
    private final BodyWriter stream;
    private final Map<String, String> headers = new LinkedHashMap<>();

    /** Writes a body onto the answer as it goes; it neither buffers the whole body nor closes the stream. */
    @FunctionalInterface
    public interface BodyWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    private ApiResponse(int status, String contentType, byte[] body) {
        this(status, contentType, body, null);
    }

    private ApiResponse(int status, String contentType, byte[] body, Path file) {
        this(status, contentType, body, file, null);
    }

    private ApiResponse(int status, String contentType, byte[] body, Path file, BodyWriter stream) {
        this.status = status;
        this.contentType = contentType;
        this.body = body;
        this.file = file;
        this.stream = stream;
    }

    public static ApiResponse ok(Object value) {
        return json(200, value);
    }

    public static ApiResponse created(Object value) {
        return json(201, value);
    }

    public static ApiResponse noContent() {
        return new ApiResponse(204, null, new byte[0]);
    }

    /** The value as JSON, ending with a newline like any text a terminal shows (curl's prompt starts on its own line). */
    public static ApiResponse json(int status, Object value) {
        try {
            byte[] json = Json.mapper().writeValueAsBytes(value);
            byte[] line = Arrays.copyOf(json, json.length + 1);
            line[json.length] = '\n';
            return new ApiResponse(status, JSON, line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Answer cannot be written as JSON", e);
        }
    }

    public static ApiResponse bytes(int status, String contentType, byte[] body) {
        return new ApiResponse(status, contentType, body);
    }

    /** 200 with the file's content, read from the disk as it is sent. */
    public static ApiResponse file(String contentType, Path file) {
        return new ApiResponse(200, contentType, new byte[0], file);
    }

    /**
     * An answer whose body the writer produces while it is sent, in constant memory. Once the first
     * bytes are out the status cannot change: a failure half-way aborts the answer (the client sees a
     * truncated transfer, never a complete-looking one), so check what can be checked before.
     */
    public static ApiResponse stream(int status, String contentType, BodyWriter writer) {
        return new ApiResponse(status, contentType, new byte[0], null, writer);
    }

    public static ApiResponse text(int status, String contentType, String body) {
        return new ApiResponse(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /** 303 See Other: the browser follows with a GET (after a form post, or to the sign-in page). */
    public static ApiResponse redirect(String location) {
        return new ApiResponse(303, null, new byte[0]).header("Location", location);
    }

    public static ApiResponse error(ErrorCode code, String message) {
        return json(code.status(), new ErrorBody(code.wire(), message));
    }

    /** The refusal's code and sentence, and its problems when it lists any. */
    public static ApiResponse error(Refusal refusal) {
        return json(refusal.code().status(), new ErrorBody(refusal.code().wire(), refusal.getMessage(), refusal.problems(),
                refusal.details()));
    }

    public ApiResponse header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** Tells when to try again, if the refusal says so ({@link Refusal#retryAfter}). */
    public ApiResponse retryAfter(Refusal refusal) {
        Long seconds = refusal.retryAfterSeconds();
        return seconds == null ? this : header("Retry-After", seconds.toString());
    }

    /** Marks the body as a file to save under that name. */
    public ApiResponse attachment(String fileName) {
        return header("Content-Disposition", "attachment; filename=\"" + fileName.replace("\"", "") + "\"");
    }

    public int status() {
        return status;
    }

    public String contentType() {
        return contentType;
    }

    public byte[] body() {
        return body;
    }

    /** The file to send instead of {@link #body()}, or {@code null}. */
    public Path file() {
        return file;
    }

    /** The writer that produces the body instead of {@link #body()}, or {@code null}. */
    public BodyWriter stream() {
        return stream;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
