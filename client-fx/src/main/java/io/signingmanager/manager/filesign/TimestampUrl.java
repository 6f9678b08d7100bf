package io.signingmanager.manager.filesign;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/** The RFC 3161 time-stamping authority a user names: an http or https URL with a host. */
public final class TimestampUrl {
    private TimestampUrl() {
    }

    /** The URL, or {@code null} for blank text (no time-stamp); an {@link IllegalArgumentException} saying why not. */
    public static URI parse(String text) {
        String value = text == null ? "" : text.strip();
        if (value.isEmpty()) {
            return null;
        }
        try {
            URI url = new URI(value);
            String scheme = String.valueOf(url.getScheme()).toLowerCase(Locale.ROOT);
            if (url.getHost() != null && List.of("http", "https").contains(scheme)) {
                return url;
            }
        } catch (URISyntaxException e) {
            // said below, as for any other text that is not such a URL
        }
        throw new IllegalArgumentException(value + " is not an http or https URL");
    }
}
