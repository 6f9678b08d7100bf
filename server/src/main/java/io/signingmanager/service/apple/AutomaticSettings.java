package io.signingmanager.service.apple;

import io.signingmanager.common.protocol.ErrorCode;
import io.signingmanager.service.appstore.AppStoreConnect;
import io.signingmanager.service.appstore.BundleId;
import io.signingmanager.service.appstore.ConnectKey;
import io.signingmanager.service.appstore.ConnectKeyService;
import io.signingmanager.service.failure.Refusal;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The App Store Connect side of an automatic workflow's settings: the API key it names must be one
 * the service holds, and its bundle identifier one of that key's team's bundle IDs for macOS (the
 * same identifier exactly, platform {@code MAC_OS} or {@code UNIVERSAL}). These checks ask Apple, so
 * they run before any transaction opens.
 */
public final class AutomaticSettings {
    /** The platforms of a bundle ID a macOS app may be signed for. */
    private static final Set<String> MAC_PLATFORMS = Set.of("MAC_OS", "UNIVERSAL");

    private final ConnectKeyService keys;
    private final AppStoreConnect connect;

    public AutomaticSettings(ConnectKeyService keys, AppStoreConnect connect) {
        this.keys = keys;
        this.connect = connect;
    }

    /** The API keys an automatic workflow may name, for a form's choice. */
    public List<ConnectKey> keys() {
        return keys.list();
    }

    /** The key an automatic workflow names; missing or unknown is the caller's mistake, said in words. */
    public ConnectKey key(String connectKeyId) throws Refusal {
        if (connectKeyId == null || connectKeyId.isBlank()) {
            throw Refusal.badRequest("The automatic method needs an App Store Connect API key: field 'connectKeyId' "
                    + "is required (an admin adds keys under Apple, App Store Connect API Keys)");
        }
        try {
            return keys.get(connectKeyId.trim());
        } catch (Refusal e) {
            if (e.code() != ErrorCode.NOT_FOUND) {
                throw e;
            }
            throw Refusal.badRequest("Field 'connectKeyId' names no App Store Connect API key the service holds: "
                    + "choose one of the keys under Apple, App Store Connect API Keys");
        }
    }

    /** The key's bundle IDs a macOS app can be signed for, by identifier: the form's choice. */
    public List<BundleId> macBundleIds(String connectKeyId) throws Refusal {
        ConnectKey key = key(connectKeyId);
        return connect.bundleIds(key.id()).stream().filter(AutomaticSettings::forMac)
                .sorted(Comparator.comparing(BundleId::identifier)).toList();
    }

    /**
     * Refuses a bundle identifier that is not one of the key's team's macOS bundle IDs, naming the
     * identifier and the team; answers the key as it is after the call (the team known by then).
     */
    ConnectKey requireBundleId(String connectKeyId, String bundleId) throws Refusal {
        ConnectKey key = key(connectKeyId);
        Optional<BundleId> found = connect.bundleId(key.id(), bundleId);
        ConnectKey known = keys.get(key.id());
        if (found.isEmpty()) {
            throw Refusal.badRequest("The bundle ID " + bundleId + " is not registered in " + team(known)
                    + ": register it in the Apple Developer portal (Identifiers), or choose one of the team's bundle IDs");
        }
        if (!forMac(found.get())) {
            throw Refusal.badRequest("The bundle ID " + bundleId + " of " + team(known) + " is registered for "
                    + platform(found.get().platform()) + " only: a macOS app needs a macOS or universal bundle ID");
        }
        return known;
    }

    /** "the team Example Corp (ABCDE12345)", or the key's name while its team is unknown. */
    public static String team(ConnectKey key) {
        if (key.teamId() == null) {
            return "the team of the API key '" + key.name() + "'";
        }
        return "the team " + (key.teamName() == null ? key.teamId() : key.teamName() + " (" + key.teamId() + ")");
    }

    /** Apple's platform value in words: macOS, universal, iOS. */
    public static String platform(String platform) {
        return switch (platform) {
            case "MAC_OS" -> "macOS";
            case "UNIVERSAL" -> "universal";
            case "IOS" -> "iOS";
            default -> platform;
        };
    }

    private static boolean forMac(BundleId bundleId) {
        return MAC_PLATFORMS.contains(bundleId.platform());
    }
}
