package io.signingmanager.service.clientapi;

import io.signingmanager.common.protocol.ErrorCode;
import io.signingmanager.common.protocol.SignBatchRequest;
import io.signingmanager.common.protocol.SignBatchResponse;
import io.signingmanager.common.protocol.SignBatchResult;
import io.signingmanager.common.protocol.SignRequest;
import io.signingmanager.service.audit.AuditEntry;
import io.signingmanager.service.audit.Logged;
import io.signingmanager.service.failure.Refusal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
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

    /** Checks one item and finds its certificate, filling in its own trail; the signature is left to make. */
    @FunctionalInterface
    interface ItemChecker {
        SignJob check(SignRequest item, AuditTrail trail) throws Refusal;
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
     * Checks the items in order on this thread (the certificates' lookups, shared by the items that name
     * the same one, and each item's trail), then signs those that passed on the machine's cores
     * ({@link ParallelSigner}), answering one result per item in the items' order; the call's trail (which
     * names the caller) is recorded as one entry per item, in that order. A failure of the service itself
     * (the database gone) is no item's fault: it fails the whole call, and no signature leaves.
     */
    static SignBatchResponse sign(List<SignRequest> items, AuditTrail call, ItemChecker checker,
                                  ParallelSigner.Signer<SignJob> signer) {
        List<AuditTrail> trails = new ArrayList<>(items.size());
        ParallelSigner.Outcome[] outcomes = new ParallelSigner.Outcome[items.size()];
        List<Integer> checked = new ArrayList<>(items.size());
        List<SignJob> jobs = new ArrayList<>(items.size());
        SignJob[] jobOf = new SignJob[items.size()];
        for (int i = 0; i < items.size(); i++) {
            AuditTrail trail = new AuditTrail(call.entry());
            trails.add(trail);
            try {
                jobOf[i] = checker.check(items.get(i), trail);
                jobs.add(jobOf[i]);
                checked.add(i);
            } catch (Refusal refused) {
                outcomes[i] = ParallelSigner.Outcome.refused(refused);
            }
        }
        List<ParallelSigner.Outcome> signed = ParallelSigner.signAll(jobs, signer);
        for (int j = 0; j < signed.size(); j++) {
            outcomes[checked.get(j)] = signed.get(j);
        }
        List<SignBatchResult> results = new ArrayList<>(items.size());
        List<AuditEntry> entries = new ArrayList<>(items.size());
        Base64.Encoder base64 = Base64.getEncoder();
        for (int i = 0; i < items.size(); i++) {
            AuditTrail trail = trails.get(i);
            Refusal refused = outcomes[i].refusal();
            if (refused == null) {
                byte[] signature = outcomes[i].signature();
                SignJob job = jobOf[i];
                trail.add(e -> job.audited(e, signature));
                results.add(SignBatchResult.signed(base64.encodeToString(signature)));
            } else {
                if (refused.code() == ErrorCode.INTERNAL) {
                    LOG.error("Batch item {} failed: {}", i + 1, refused.getMessage(), refused.getCause());
                }
                trail.add(e -> e.failed(AuditTrail.reason(refused)));
                results.add(SignBatchResult.refused(refused.code().wire(), refused.getMessage()));
            }
            // The record shows its place in the call (so the audit shows one call's records together) when it can hold it.
            trail.context(trail.context().withPlace(i + 1, items.size()));
            entries.add(trail.entry());
        }
        call.recordAs(entries);
        return new SignBatchResponse(results);
    }

    /** The answer with each signed item's receipt: the records are the items', in order. */
    static SignBatchResponse withReceipts(SignBatchResponse answer, List<Logged> logged) {
        List<SignBatchResult> results = new ArrayList<>(answer.results().size());
        for (int i = 0; i < answer.results().size(); i++) {
            SignBatchResult result = answer.results().get(i);
            results.add(result.isSigned() ? result.withReceipt(logged.get(i).receipt()) : result);
        }
        return new SignBatchResponse(results);
    }
}
