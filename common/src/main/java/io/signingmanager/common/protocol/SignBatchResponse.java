package io.signingmanager.common.protocol;

import java.util.List;

/** Answer of a batch sign call: one result per item, in the order of the request's items. */
public record SignBatchResponse(List<SignBatchResult> results) {
}
