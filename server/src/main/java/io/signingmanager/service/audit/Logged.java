package io.signingmanager.service.audit;

import io.signingmanager.common.tlog.Receipt;

/** A record written, and its receipt in the signing log (against the checkpoint its commit made). */
public record Logged(AuditRecord record, Receipt receipt) {
}
