package io.signingmanager.service.web;

import io.signingmanager.service.http.Access;
import io.signingmanager.service.failure.Refusal;
import io.signingmanager.service.http.ApiResponse;
import io.signingmanager.service.http.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** The one stylesheet and the one script, read once from the classpath. */
public final class StaticFiles {
    private static final String PREFIX = "/static/";
    private static final Map<String, String> TYPES = Map.of(
            "style.css", "text/css; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8");

    private final Map<String, byte[]> files;

    StaticFiles() {
        files = Map.of("style.css", read("style.css"), "app.js", read("app.js"));
    }

    /** Whether the path is one of these files' (anyone may fetch them: they hold nothing of anyone's). */
    public static boolean served(String path) {
        return path.startsWith(PREFIX);
    }

    void register(Router router) {
        router.get(PREFIX + "{name}", Access.PUBLIC, request -> {
            String name = request.pathParameter("name");
            byte[] content = files.get(name);
            if (content == null) {
                throw Refusal.notFound("There is no file " + name);
            }
            return ApiResponse.bytes(200, TYPES.get(name), content);
        });
    }

    private static byte[] read(String name) {
        try (InputStream in = StaticFiles.class.getResourceAsStream("static/" + name)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource static/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
