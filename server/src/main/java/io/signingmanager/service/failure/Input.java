package io.signingmanager.service.failure;

import java.util.Base64;

/** Checks of a caller's fields that refuse with a sentence naming the field. */
public final class Input {
    private Input() {
    }

    public static <T> T require(String field, T value) throws Refusal {
        if (value == null) {
            throw Refusal.badRequest("Field '" + field + "' is required");
        }
        return value;
    }

    /** A required text field, trimmed, at most {@code maxLength} characters. */
    public static String requireText(String field, String value, int maxLength) throws Refusal {
        if (value == null || value.isBlank()) {
            throw Refusal.badRequest("Field '" + field + "' is required");
        }
        String trimmed = value.trim();
        if (trimmed.length() > maxLength) {
            throw Refusal.badRequest("Field '" + field + "' is longer than " + maxLength + " characters");
        }
        return trimmed;
    }

    /** Decodes a required standard-base64 field. */
    public static byte[] base64(String field, String value) throws Refusal {
        require(field, value);
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw Refusal.badRequest("Field '" + field + "' must be standard base64");
        }
    }
}
