package io.signingmanager.common.protocol;

/** What is being signed, recorded in the audit; every field is optional. */
public record SignContext(String fileName, String fileSha256, String format, String note) {
}
