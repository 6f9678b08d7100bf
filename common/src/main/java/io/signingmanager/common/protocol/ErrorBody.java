package io.signingmanager.common.protocol;

import java.util.List;

/**
 * Every error answer of the service: a stable code and a sentence for people, and where one sentence
 * is not enough ({@code workflow_not_ready}) the problems, one sentence each; where the caller needs data
 * to choose a way out ({@code certificate_limit}: the certificates in the way), the details.
 */
public record ErrorBody(String error, String message, List<String> problems, Object details) {
    public ErrorBody(String error, String message) {
        this(error, message, null, null);
    }
}
