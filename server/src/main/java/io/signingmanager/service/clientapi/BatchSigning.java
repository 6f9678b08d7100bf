package io.signingmanager.service.clientapi;

import io.signingmanager.common.protocol.ErrorCode;
import io.signingmanager.common.protocol.SignBatchRequest;
import io.signingmanager.common.protocol.SignBatchResponse;
import io.signingmanager.common.protocol.SignBatchResult;
import io.signingmanager.common.protocol.SignRequest;
import io.signingmanager.service.audit.AuditEntry;
import io.signingmanager.service.failure.Refusal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The items of one sign-batch call, for a caller already found active: each is signed or refused on its
 * own, and each becomes its own sign record (its certificate, algorithm, context and outcome), all of
 * them written in the one commit that records the call. A refused item leaves the others signed.
 */
final class BatchSigning {
    /**
     * The largest legal item as a JSON writer sends it: sha1 (40), algorithm (16), data (RSA_PKCS1_RAW with
     * a 4096-bit key, 501 bytes: 668 base64 characters), field names and quotes (824 bytes in all), and a
     * context of four fields of 500 characters, each sent as a 6-byte {@code \\uXXXX} escape at worst (Python's
     * {@code json.dumps} escapes every non-ASCII character): 12,000 bytes. 12,824 bytes, rounded up to 13 KiB
     * for indentation.
     */
    static final int MAX_ITEM_BYTES = 13 * 1024;
    /** The route's body limit: {@link SignBatchRequest#MAX_ITEMS} of the largest item, and the envelope. */
    static final int MAX_BODY = SignBatchRequest.MAX_ITEMS * MAX_ITEM_BYTES + 1024;

    private static final Logger LOG = LoggerFactory.getLogger(BatchSigning.class);
    private static final String BATCH_CONTEXT = "batch";

    /** Checks and signs one item, filling in its own trail. */
    @FunctionalInterface
    interface ItemSigner {
        byte[] sign(SignRequest item, AuditTrail trail) throws Refusal;
    }

    private BatchSigning() {
    }

    /** The batch's items: refused as a whole, before any is signed, when there are none or too many. */
    static List<SignRequest> items(SignBatchRequest body) throws Refusal {
        List<SignRequest> items = body.items();
        if (items == null || items.isEmpty()) {
            throw Refusal.badRequest("Field 'items' must hold 1 to " + SignBatchRequest.MAX_ITEMS + " sign requests");
        }
        if (items.size() > SignBatchRequest.MAX_ITEMS) {
            throw Refusal.badRequest("A batch holds at most " + SignBatchRequest.MAX_ITEMS + " items, this one "
                    + items.size() + "; send several batches");
        }
        if (items.contains(null)) {
            throw Refusal.badRequest("Field 'items' must not hold null");
        }
        return items;
    }

    /**
     * Signs the items in order on this thread, answering one result per item; the call's trail (which
     * names the caller) is recorded as one entry per item. A failure of the service itself (the
     * database gone) is no item's fault: it fails the whole call, and no signature leaves.
     */
    static SignBatchResponse sign(List<SignRequest> items, AuditTrail call, ItemSigner signer) {
        List<SignBatchResult> results = new ArrayList<>(items.size());
        List<AuditEntry> entries = new ArrayList<>(items.size());
        Base64.Encoder base64 = Base64.getEncoder();
        for (int i = 0; i < items.size(); i++) {
            AuditTrail item = new AuditTrail(call.entry());
            try {
                results.add(SignBatchResult.signed(base64.encodeToString(signer.sign(items.get(i), item))));
            } catch (Refusal refused) {
                if (refused.code() == ErrorCode.INTERNAL) {
                    LOG.error("Batch item {} failed: {}", i + 1, refused.getMessage(), refused.getCause());
                }
                item.add(e -> e.failed(AuditTrail.reason(refused)));
                results.add(SignBatchResult.refused(refused.code().wire(), refused.getMessage()));
            }
            entries.add(withPlace(item.entry(), i + 1, items.size()));
        }
        call.recordAs(entries);
        return new SignBatchResponse(results);
    }

    /**
     * The entry with {@code "batch": "<place>/<total>"} in its context, so the audit shows the records of
     * one call together; left out when the item's own context already fills what a record holds.
     */
    private static AuditEntry withPlace(AuditEntry entry, int place, int total) {
        Map<String, String> context = new LinkedHashMap<>(entry.context());
        context.put(BATCH_CONTEXT, place + "/" + total);
        return ClientProtocol.fitsAudit(context) ? entry.context(context) : entry;
    }
}
