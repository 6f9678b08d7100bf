package io.signingmanager.common.protocol;

import java.util.List;

/**
 * Body of {@code POST /api/v1/client/sign-batch}: up to {@link #MAX_ITEMS} sign requests in one round trip,
 * each with its own certificate, algorithm, data and context, each answered and audited on its own.
 */
public record SignBatchRequest(List<SignRequest> items) {
    /** The most items one batch may hold; a client with more sends several batches. */
    public static final int MAX_ITEMS = 1000;
}
