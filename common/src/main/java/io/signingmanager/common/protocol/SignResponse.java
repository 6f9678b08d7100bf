package io.signingmanager.common.protocol;

import io.signingmanager.common.tlog.Receipt;

/** Answer of a sign call: the signature in base64. */
/**
 * A signature (base64) and its receipt in the service's signing log ({@code null} from a service without one).
 */
public record SignResponse(String signature, Receipt receipt) {
    public SignResponse(String signature) {
        this(signature, null);
    }

    public SignResponse withReceipt(Receipt logged) {
        return new SignResponse(signature, logged);
    }
}
