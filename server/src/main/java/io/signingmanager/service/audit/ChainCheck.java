package io.signingmanager.service.audit;

/** The result of walking the audit chain: valid, or the first record that breaks it and why. */
public record ChainCheck(boolean valid, long checkedRecords, Long firstBrokenId, String problem) {
}
