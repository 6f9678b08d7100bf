package io.signingmanager.service.appstore;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.common.crypto.Certificates;
import io.signingmanager.common.protocol.ErrorCode;
import io.signingmanager.service.failure.Refusal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/** Apple's JSON:API resources read into our records; types the service does not deal in are left out. */
final class PortalResources {
    /** A team as a certificate's subject names it: OU the team ID, O the team's name. */
    record Team(String id, String name) {
    }

    // ISO 8601 with the offset as +00:00, Z, or Apple's +0000.
    private static final DateTimeFormatter DATE_TIME = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME).appendPattern("[XXX][XX]").toFormatter();

    private PortalResources() {
    }

    static Optional<PortalCertificate> certificate(JsonNode item) {
        JsonNode attributes = item.path("attributes");
        Optional<PortalCertificateType> type = known(PortalCertificateType.class,
                attributes.path("certificateType").asText(""));
        if (type.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PortalCertificate(item.path("id").asText(), type.get(),
                attributes.path("name").asText(attributes.path("displayName").asText("")),
                attributes.path("serialNumber").asText(null), instant(attributes.path("expirationDate")),
                base64(attributes.path("certificateContent"))));
    }

    static Optional<PortalProfile> profile(JsonNode item) {
        JsonNode attributes = item.path("attributes");
        Optional<PortalProfileType> type = known(PortalProfileType.class, attributes.path("profileType").asText(""));
        if (type.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PortalProfile(item.path("id").asText(), attributes.path("name").asText(""), type.get(),
                "ACTIVE".equals(attributes.path("profileState").asText()), attributes.path("uuid").asText(null),
                instant(attributes.path("expirationDate")), base64(attributes.path("profileContent"))));
    }

    /** The team in a certificate's subject, when the content is a certificate that names it. */
    static Optional<Team> team(byte[] certificate) {
        if (certificate == null || certificate.length == 0) {
            return Optional.empty();
        }
        try {
            X500Name subject = X500Name.getInstance(Certificates.parse(certificate).getSubjectX500Principal().getEncoded());
            String id = first(subject, BCStyle.OU);
            return id == null ? Optional.empty() : Optional.of(new Team(id, first(subject, BCStyle.O)));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    static Refusal unreadable(String what) {
        return new Refusal(ErrorCode.APP_STORE_CONNECT, "App Store Connect's answer, when the service tried to " + what
                + ", does not hold what was asked for");
    }

    private static String first(X500Name name, ASN1ObjectIdentifier attribute) {
        RDN[] rdns = name.getRDNs(attribute);
        return rdns.length == 0 ? null : IETFUtils.valueToString(rdns[0].getFirst().getValue());
    }

    private static <E extends Enum<E>> Optional<E> known(Class<E> type, String name) {
        for (E value : type.getEnumConstants()) {
            if (value.name().equals(name)) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    private static Instant instant(JsonNode value) {
        if (!value.isTextual()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.asText(), DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static byte[] base64(JsonNode value) {
        if (!value.isTextual()) {
            return null;
        }
        try {
            return Base64.getMimeDecoder().decode(value.asText());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
