package io.signingmanager.service.certificates;

import java.util.List;

/** Which API keys may use a certificate: all of them, or the listed ones. */
public record Authorization(Boolean all, List<String> apiKeyIds) {
}
