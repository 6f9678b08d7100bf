package io.signingmanager.service.audit;

import java.util.List;

/** One page of records and how many match in all. */
public record AuditPage(List<AuditRecord> records, long total) {
}
