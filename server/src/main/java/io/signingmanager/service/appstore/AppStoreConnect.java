package io.signingmanager.service.appstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signingmanager.common.json.Json;
import io.signingmanager.service.failure.Refusal;
import io.signingmanager.service.secrets.SecretBox;
import io.signingmanager.service.storage.Database;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The App Store Connect API client, by our key's id ({@link ConnectKey#id()}). Errors: a 401 (after
 * one retry with a fresh token) or a 403 is {@code invalid_connect_key} saying what failed; Apple's
 * certificate limit is {@code certificate_limit}; any other Apple error, a timeout or an unreachable
 * host is {@code app_store_connect}, quoting Apple's detail. The first answer that names the team
 * (a bundle ID's seed, a certificate's subject) fills in the key's team.
 */
public final class AppStoreConnect {
    private static final String PAGE = "limit=200";

    private final SealedConnectKeys keys;
    private final ConnectTokens tokens;
    private final ConnectHttp http;

    public AppStoreConnect(Database database, SecretBox secrets, URI baseUrl, Clock clock) {
        this.keys = new SealedConnectKeys(database, new ConnectKeyRepository(), secrets);
        this.tokens = new ConnectTokens(keys, clock);
        this.http = new ConnectHttp(baseUrl, tokens, keys, clock);
    }

    SealedConnectKeys keys() {
        return keys;
    }

    /** A deleted key's token must not outlive it in the cache. */
    void forget(String connectKeyId) {
        tokens.forget(connectKeyId);
    }

    /** Every bundle ID of the key's team, every page. */
    public List<BundleId> bundleIds(String connectKeyId) throws Refusal {
        return bundleIds(connectKeyId, "list the bundle IDs", "/v1/bundleIds?" + PAGE);
    }

    /** The bundle ID with exactly this identifier (Apple's filter also returns {@code identifier.*}), every page. */
    public Optional<BundleId> bundleId(String connectKeyId, String identifier) throws Refusal {
        List<BundleId> candidates = bundleIds(connectKeyId, "look up the bundle ID " + identifier,
                "/v1/bundleIds?" + filter("identifier", identifier) + "&" + PAGE);
        return candidates.stream().filter(b -> b.identifier().equals(identifier)).findFirst();
    }

    /** The team's certificates of the type (Apple lists current ones; revoked ones are gone). */
    public List<PortalCertificate> certificates(String connectKeyId, PortalCertificateType type) throws Refusal {
        List<PortalCertificate> certificates = new ArrayList<>();
        for (JsonNode item : http.list(connectKeyId, "list the " + type.appleType().title() + " certificates",
                "/v1/certificates?" + filter("certificateType", type.name()) + "&" + PAGE)) {
            PortalResources.certificate(item).ifPresent(certificates::add);
        }
        learnTeamFrom(connectKeyId, certificates);
        return certificates;
    }

    /** Apple's 409 "You already have a current ..." is {@code certificate_limit}, the message in words. */
    public PortalCertificate createCertificate(String connectKeyId, PortalCertificateType type, String csrPem)
            throws Refusal {
        String what = "create a " + type.appleType().title() + " certificate";
        ObjectNode attributes = Json.mapper().createObjectNode()
                .put("csrContent", csrPem).put("certificateType", type.name());
        JsonNode answer = http.require(connectKeyId, what,
                http.call(connectKeyId, what, "POST", "/v1/certificates", document("certificates", attributes, null)));
        PortalCertificate created = PortalResources.certificate(answer.path("data"))
                .orElseThrow(() -> PortalResources.unreadable(what));
        learnTeamFrom(connectKeyId, List.of(created));
        return created;
    }

    /**
     * Asks for a certificate with an empty CSR, which Apple refuses: with 403 when the key's role may not
     * create certificates (Apple checks the role before the body), with another refusal when it may.
     */
    ConnectHttp.Answer probeCertificateCreation(String connectKeyId) throws Refusal {
        ObjectNode attributes = Json.mapper().createObjectNode()
                .put("csrContent", "").put("certificateType", PortalCertificateType.MAC_APP_DISTRIBUTION.name());
        return http.call(connectKeyId, "create a certificate", "POST", "/v1/certificates",
                document("certificates", attributes, null));
    }

    /** Revokes the certificate; one Apple no longer lists counts as revoked. */
    public void revokeCertificate(String connectKeyId, String portalCertificateId) throws Refusal {
        delete(connectKeyId, "revoke the certificate " + portalCertificateId,
                "/v1/certificates/" + segment(portalCertificateId));
    }

    /** That bundle ID's macOS profiles, with their content. */
    public List<PortalProfile> profiles(String connectKeyId, BundleId bundleId) throws Refusal {
        List<PortalProfile> profiles = new ArrayList<>();
        for (JsonNode item : http.list(connectKeyId, "list the profiles of " + bundleId.identifier(),
                "/v1/bundleIds/" + segment(bundleId.id()) + "/profiles?" + PAGE)) {
            PortalResources.profile(item).ifPresent(profiles::add);
        }
        return profiles;
    }

    /** The ids of the profile's certificates; empty when Apple answers 404 for a profile it lists (a zombie). */
    public Optional<List<String>> profileCertificateIds(String connectKeyId, String portalProfileId) throws Refusal {
        String what = "read the certificates of the profile " + portalProfileId;
        String path = "/v1/profiles/" + segment(portalProfileId) + "/certificates?" + PAGE;
        ConnectHttp.Answer first = http.call(connectKeyId, what, "GET", path, null);
        if (first.status() == 404) {
            return Optional.empty();
        }
        http.require(connectKeyId, what, first);
        // The first page again through the pager, which follows links.next: one extra call for simple code.
        return Optional.of(http.list(connectKeyId, what, path).stream().map(item -> item.path("id").asText()).toList());
    }

    public PortalProfile createProfile(String connectKeyId, String name, PortalProfileType type, BundleId bundleId,
                                       List<String> portalCertificateIds) throws Refusal {
        String what = "create the profile '" + name + "' for " + bundleId.identifier();
        ObjectNode attributes = Json.mapper().createObjectNode().put("name", name).put("profileType", type.name());
        ObjectNode relationships = Json.mapper().createObjectNode();
        relationships.putObject("bundleId").set("data", reference("bundleIds", bundleId.id()));
        ArrayNode certificates = relationships.putObject("certificates").putArray("data");
        portalCertificateIds.forEach(id -> certificates.add(reference("certificates", id)));
        JsonNode answer = http.require(connectKeyId, what,
                http.call(connectKeyId, what, "POST", "/v1/profiles", document("profiles", attributes, relationships)));
        return PortalResources.profile(answer.path("data")).orElseThrow(() -> PortalResources.unreadable(what));
    }

    /** Deletes the profile; one Apple no longer has counts as deleted. */
    public void deleteProfile(String connectKeyId, String portalProfileId) throws Refusal {
        delete(connectKeyId, "delete the profile " + portalProfileId, "/v1/profiles/" + segment(portalProfileId));
    }

    private List<BundleId> bundleIds(String connectKeyId, String what, String path) throws Refusal {
        List<BundleId> bundleIds = new ArrayList<>();
        String seed = null;
        for (JsonNode item : http.list(connectKeyId, what, path)) {
            JsonNode attributes = item.path("attributes");
            bundleIds.add(new BundleId(item.path("id").asText(), attributes.path("identifier").asText(),
                    attributes.path("name").asText(), attributes.path("platform").asText()));
            if (seed == null && !attributes.path("seedId").asText("").isEmpty()) {
                seed = attributes.path("seedId").asText();
            }
        }
        if (seed != null) {
            keys.learnTeam(connectKeyId, seed, null);
        }
        return bundleIds;
    }

    private void learnTeamFrom(String connectKeyId, List<PortalCertificate> certificates) {
        for (PortalCertificate certificate : certificates) {
            Optional<PortalResources.Team> team = PortalResources.team(certificate.content());
            if (team.isPresent()) {
                keys.learnTeam(connectKeyId, team.get().id(), team.get().name());
                return;
            }
        }
    }

    private void delete(String connectKeyId, String what, String path) throws Refusal {
        ConnectHttp.Answer answer = http.call(connectKeyId, what, "DELETE", path, null);
        if (answer.status() != 404) {
            http.require(connectKeyId, what, answer);
        }
    }

    private static ObjectNode document(String type, ObjectNode attributes, ObjectNode relationships) {
        ObjectNode document = Json.mapper().createObjectNode();
        ObjectNode data = document.putObject("data").put("type", type);
        data.set("attributes", attributes);
        if (relationships != null) {
            data.set("relationships", relationships);
        }
        return document;
    }

    private static ObjectNode reference(String type, String id) {
        return Json.mapper().createObjectNode().put("type", type).put("id", id);
    }

    private static String filter(String field, String value) {
        return "filter%5B" + field + "%5D=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String segment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
