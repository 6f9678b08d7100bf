package io.signingmanager.service.apple;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;

/**
 * A provisioning profile as the admin API and the pages show it: its stored fields, whether it
 * expired or expires within {@link ProfileService#EXPIRY_WARNING}, the warnings in words, and on the
 * detail call the parsed content.
 */
public record ProfileView(
        @JsonUnwrapped StoredProfile profile,
        boolean expired,
        boolean expiresSoon,
        List<String> warnings,
        ProfileDetails details) {
}
