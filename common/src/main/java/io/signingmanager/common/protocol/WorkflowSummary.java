package io.signingmanager.common.protocol;

import io.signingmanager.common.apple.Distribution;
import java.util.List;

/**
 * One Apple signing workflow as a build machine sees it ({@code GET /api/v1/client/workflows}):
 * whether it is ready, and when not, what is wrong, one sentence per problem.
 */
public record WorkflowSummary(String name, String bundleId, Distribution distribution, boolean ready,
                              List<String> problems) {
}
