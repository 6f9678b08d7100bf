package io.signingmanager.common.protocol;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.signingmanager.common.tlog.Receipt;

/**
 * One item's outcome in a batch: either its {@code signature} (base64), or the {@code error} code
 * (an {@link ErrorCode}'s wire name) and a sentence for people saying why that item alone was refused. A
 * signed item carries its receipt in the service's signing log.
 */
public record SignBatchResult(String signature, String error, String message, Receipt receipt) {
    public static SignBatchResult signed(String signature) {
        return new SignBatchResult(signature, null, null, null);
    }

    public static SignBatchResult refused(String error, String message) {
        return new SignBatchResult(null, error, message, null);
    }

    public SignBatchResult withReceipt(Receipt logged) {
        return new SignBatchResult(signature, error, message, logged);
    }

    /** Not on the wire: {@code signature} says it. */
    @JsonIgnore
    public boolean isSigned() {
        return signature != null;
    }
}
