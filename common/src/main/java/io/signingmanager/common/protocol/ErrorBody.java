package io.signingmanager.common.protocol;

/** Every error answer of the service: a stable code and a sentence for people. */
public record ErrorBody(String error, String message) {
}
