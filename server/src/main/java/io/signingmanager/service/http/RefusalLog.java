package io.signingmanager.service.http;

import io.signingmanager.service.failure.Refusal;

/** Told of each request refused to a signed-in caller for their role, before the refusal is answered. */
@FunctionalInterface
public interface RefusalLog {
    /** Records the refusal; when it cannot, it throws and the caller gets an error instead. */
    void refused(ApiRequest request, Refusal refusal);
}
