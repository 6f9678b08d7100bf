package io.signingmanager.common.protocol;

/** Body of {@code POST /api/v1/client/register}, sent with the API key as bearer token. */
public record RegisterRequest(String hostname, String platform, String appVersion) {
}
