package io.signingmanager.common.apple;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.signingmanager.common.protocol.WireName;
import java.util.List;

/**
 * The kinds of certificate Apple issues for signing, each marked in the leaf by a critical extension
 * under {@code 1.2.840.113635.100.6.1} and named by its common name's prefix. The order matters: an
 * {@code Apple Distribution} certificate carries both the iOS and the Mac App distribution markers and
 * is read as the first that fits.
 */
public enum AppleCertificateType implements WireName {
    MAC_APP_DISTRIBUTION("mac-app-distribution", "Mac App Distribution", "7", false,
            List.of("3rd Party Mac Developer Application:", "Apple Distribution:")),
    MAC_INSTALLER_DISTRIBUTION("mac-installer-distribution", "Mac Installer Distribution", "8", false,
            List.of("3rd Party Mac Developer Installer:")),
    DEVELOPER_ID_APPLICATION("developer-id-application", "Developer ID Application", "13", false,
            List.of("Developer ID Application:")),
    DEVELOPER_ID_INSTALLER("developer-id-installer", "Developer ID Installer", "14", false,
            List.of("Developer ID Installer:")),
    IOS_DISTRIBUTION("ios-distribution", "iOS Distribution", "4", false, List.of("iPhone Distribution:")),
    MAC_DEVELOPMENT("mac-development", "Mac Development", "12", true, List.of("Mac Developer:")),
    APPLE_DEVELOPMENT("apple-development", "Apple Development", "2", true,
            List.of("Apple Development:", "iPhone Developer:"));

    /** Apple's arc for the leaf markers. */
    public static final String MARKER_ARC = "1.2.840.113635.100.6.1.";

    private final String wire;
    private final String title;
    private final String markerOid;
    private final boolean development;
    private final List<String> namePrefixes;

    AppleCertificateType(String wire, String title, String markerSuffix, boolean development,
                         List<String> namePrefixes) {
        this.wire = wire;
        this.title = title;
        this.markerOid = MARKER_ARC + markerSuffix;
        this.development = development;
        this.namePrefixes = namePrefixes;
    }

    /** The name on the wire and in storage, e.g. {@code mac-app-distribution}. */
    @Override
    @JsonValue
    public String wire() {
        return wire;
    }

    /** The name Apple's pages use, e.g. {@code Mac App Distribution}. */
    public String title() {
        return title;
    }

    /** The leaf extension that marks this type. */
    public String markerOid() {
        return markerOid;
    }

    /** Development certificates sign builds for registered devices only; no workflow slot takes them. */
    public boolean development() {
        return development;
    }

    /** Common-name prefixes of this type, the first as Apple names new certificates. */
    public List<String> namePrefixes() {
        return namePrefixes;
    }

    @JsonCreator
    public static AppleCertificateType fromWire(String wire) {
        return WireName.fromWire(AppleCertificateType.class, wire);
    }
}
