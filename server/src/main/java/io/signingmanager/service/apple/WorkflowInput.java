package io.signingmanager.service.apple;

import io.signingmanager.common.apple.Distribution;
import io.signingmanager.service.failure.Refusal;
import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The rules for a workflow's own fields, each refusal a sentence naming the field. */
final class WorkflowInput {
    static final int MAX_NAME = 200;
    static final int MAX_BUNDLE_ID = 255;
    // Apple's bundle identifiers: letters, digits, hyphens and periods, in dot-separated parts.
    private static final Pattern BUNDLE_ID = Pattern.compile("[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*");

    private WorkflowInput() {
    }

    static String name(String name) throws Refusal {
        if (name == null || name.isBlank()) {
            throw Refusal.badRequest("Field 'name' is required: a name such as 'MyApp release'");
        }
        String trimmed = name.trim();
        if (trimmed.length() > MAX_NAME) {
            throw Refusal.badRequest("Field 'name' is longer than " + MAX_NAME + " characters");
        }
        if (trimmed.chars().anyMatch(Character::isISOControl)) {
            throw Refusal.badRequest("Field 'name' must be printable characters, without line breaks or control characters");
        }
        // Build machines name the workflow in the URL path, where a slash would split it.
        if (trimmed.contains("/") || trimmed.contains("\\")) {
            throw Refusal.badRequest("Field 'name' must not contain '/' or '\\': build machines fetch the workflow by its name");
        }
        return trimmed;
    }

    /** An app's or an extension's bundle identifier; {@code field} names it in the refusal. */
    static String bundleId(String field, String bundleId) throws Refusal {
        if (bundleId == null || bundleId.isBlank()) {
            throw Refusal.badRequest("Field '" + field + "' is required: the app's bundle identifier, such as com.example.app");
        }
        String trimmed = bundleId.trim();
        if (trimmed.length() > MAX_BUNDLE_ID) {
            throw Refusal.badRequest("Field '" + field + "' is longer than " + MAX_BUNDLE_ID + " characters");
        }
        if (!BUNDLE_ID.matcher(trimmed).matches()) {
            throw Refusal.badRequest("Field '" + field + "' is not a bundle identifier: use letters, digits, hyphens "
                    + "and periods, such as com.example.app");
        }
        return trimmed;
    }

    static Distribution distribution(String wire) throws Refusal {
        Distribution distribution = Distribution.fromWire(wire);
        if (distribution == null) {
            throw Refusal.badRequest("Field 'distribution' must be one of " + Arrays.stream(Distribution.values())
                    .map(Distribution::wire).collect(Collectors.joining(", ")));
        }
        return distribution;
    }

    static SigningMethod method(String wire) throws Refusal {
        SigningMethod method = SigningMethod.fromWire(wire);
        if (method == null) {
            throw Refusal.badRequest("Field 'method' must be manual or automatic");
        }
        return method;
    }

    /** Mac Catalyst apps get a profile of their own in the store (MAC_CATALYST_APP_STORE), the only kind the service makes. */
    static boolean macCatalyst(boolean macCatalyst, Distribution distribution) throws Refusal {
        if (macCatalyst && distribution != Distribution.MAC_APP_STORE) {
            throw Refusal.badRequest("Field 'macCatalyst' is for Mac App Store workflows only: the service makes Mac "
                    + "Catalyst profiles for the Mac App Store; a " + distribution.title() + " workflow cannot be one");
        }
        return macCatalyst;
    }
}
