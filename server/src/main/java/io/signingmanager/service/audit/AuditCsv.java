package io.signingmanager.service.audit;

import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Collectors;

/** Audit records as CSV (RFC 4180), with cells that a spreadsheet would run as a formula defused. */
final class AuditCsv {
    private static final String HEADER = "id,time,requestType,status,reason,apiKeyId,apiKeyName,clientId,clientHostname,"
            + "certificateSha1,certificateName,algorithm,remoteAddress,username,context,previousHash,hash,"
            + "action,objectKind,objectId,objectName,before,after,previousTime,retentionDays,signedDigest,certificateSha256,"
            + "signatureSha256";

    private AuditCsv() {
    }

    /** Writes the header and one row per record as the records come, oldest first as given. */
    static void write(Iterator<AuditRecord> records, Appendable csv) throws IOException {
        csv.append(HEADER).append("\r\n");
        while (records.hasNext()) {
            AuditRecord r = records.next();
            Object[] cells = {r.id(), r.time(), r.requestType(), r.status(), r.reason(), r.apiKeyId(), r.apiKeyName(),
                r.clientId(), r.clientHostname(), r.certificateSha1(), r.certificateName(), r.algorithm(),
                r.remoteAddress(), r.username(), context(r.context()), r.previousHash(), r.hash(),
                r.action(), r.objectKind(), r.objectId(), r.objectName(), context(r.before()), context(r.after()),
                r.previousTime(), r.retentionDays(), r.signedDigest(), r.certificateSha256(), r.signatureSha256()};
            for (int i = 0; i < cells.length; i++) {
                if (i > 0) {
                    csv.append(',');
                }
                csv.append(cell(cells[i]));
            }
            csv.append("\r\n");
        }
    }

    private static String context(Map<String, String> context) {
        if (context == null) {
            return null;
        }
        return context.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; "));
    }

    private static String cell(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        if (!text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }
}
