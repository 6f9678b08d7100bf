package io.signingmanager.common.protocol;

/** Body of {@code POST /api/v1/client/sign}: {@code data} is base64 of what gets signed. */
public record SignRequest(String sha1, String algorithm, String data, SignContext context) {
}
