package io.signingmanager.common.protocol;

import java.util.List;

/**
 * Every error answer of the service: a stable code and a sentence for people, and where one sentence
 * is not enough ({@code workflow_not_ready}) the problems, one sentence each.
 */
public record ErrorBody(String error, String message, List<String> problems) {
    public ErrorBody(String error, String message) {
        this(error, message, null);
    }
}
