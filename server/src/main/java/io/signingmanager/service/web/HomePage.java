package io.signingmanager.service.web;

import io.signingmanager.service.http.Access;
import io.signingmanager.service.http.ApiResponse;
import io.signingmanager.service.http.Router;
import java.util.List;

/** The main page: the Signing Service URL to copy, the way to an API key, the client downloads. */
public final class HomePage {
    private final Templates templates;
    private final ClientDownloads downloads;
    private final String tlsSha256;

    HomePage(Templates templates, ClientDownloads downloads, String tlsSha256) {
        this.templates = templates;
        this.downloads = downloads;
        this.tlsSha256 = tlsSha256;
    }

    public record HomeView(Frame frame, String serviceUrl, String tlsSha256, List<String> downloads, String downloadFolder) {
    }

    void register(Router router) {
        router.get("/", Access.USER, request -> templates.page("home", new HomeView(
                new Frame("Signing Service", Frame.Section.HOME, request.session()), request.baseUrl(), tlsSha256,
                downloads.names(), downloads.folder().toString())));
        router.get("/downloads/{name}", Access.USER, request -> {
            String name = request.pathParameter("name");
            return ApiResponse.file("application/octet-stream", downloads.file(name)).attachment(name);
        });
    }
}
