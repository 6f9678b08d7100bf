package io.signingmanager.common.protocol;

/** Answer of a sign call: the signature in base64. */
public record SignResponse(String signature) {
}
