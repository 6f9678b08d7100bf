package io.signingmanager.service.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.signingmanager.service.http.ApiResponse;

/** The precompiled jte templates (src/main/jte), each taking one view record. */
final class Templates {
    private static final String HTML = "text/html; charset=utf-8";

    private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

    ApiResponse page(String template, Object view) {
        return page(200, template, view);
    }

    ApiResponse page(int status, String template, Object view) {
        StringOutput output = new StringOutput();
        engine.render(template + ".jte", view, output);
        return ApiResponse.text(status, HTML, output.toString());
    }
}
