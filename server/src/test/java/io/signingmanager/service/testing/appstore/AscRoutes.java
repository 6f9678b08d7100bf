package io.signingmanager.service.testing.appstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signingmanager.service.appstore.PortalCertificateType;
import io.signingmanager.service.appstore.PortalProfileType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operations of the signing subset that the double serves, each with the schema its request body
 * and its answer must match; handlers translate between JSON:API and {@link AscPortal}.
 */
final class AscRoutes {
    /** What a handler is given: the caller's team, the path's {@code {id}}, the query and the body. */
    record Call(String teamId, String id, String path, Map<String, String> query, JsonNode body) {
    }

    /** A status and a document ({@code null} for 204). */
    record Answer(int status, ObjectNode body) {
    }

    interface Handler {
        Answer handle(Call call) throws AscError;
    }

    /** {@code change}: creates, revokes or deletes, which only an Admin key may. */
    record Route(String method, String template, boolean change, String requestSchema, String answerSchema, Handler handler) {
        Optional<String> id(String method, String path) {
            if (!this.method.equals(method)) {
                return Optional.empty();
            }
            Matcher matcher = PATTERNS.computeIfAbsent(template,
                    key -> Pattern.compile(Pattern.quote(key).replace("{id}", "\\E([A-Za-z0-9._-]+)\\Q"))).matcher(path);
            return matcher.matches() ? Optional.of(matcher.groupCount() > 0 ? matcher.group(1) : "") : Optional.empty();
        }
    }

    private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

    private final AscPortal portal;
    private final AscJson json;
    private final List<Route> routes;

    AscRoutes(AscPortal portal, AscJson json) {
        this.portal = portal;
        this.json = json;
        this.routes = List.of(
                new Route("GET", "/v1/bundleIds", false, null, "BundleIdsResponse", this::bundleIds),
                new Route("GET", "/v1/bundleIds/{id}", false, null, "BundleIdResponse",
                        call -> single(json.bundleId(portal.bundleId(call.teamId(), call.id())), call)),
                new Route("GET", "/v1/bundleIds/{id}/profiles", false, null, "ProfilesWithoutIncludesResponse",
                        call -> page(bundleIdProfiles(call), json::profile, call)),
                new Route("GET", "/v1/bundleIds/{id}/relationships/profiles", false, null, "BundleIdProfilesLinkagesResponse",
                        call -> page(bundleIdProfiles(call), profile -> AscJson.linkage("profiles", profile.id()), call)),
                new Route("GET", "/v1/certificates", false, null, "CertificatesResponse", this::certificates),
                new Route("GET", "/v1/certificates/{id}", false, null, "CertificateResponse",
                        call -> single(json.certificate(portal.certificate(call.teamId(), call.id())), call)),
                new Route("POST", "/v1/certificates", true, "CertificateCreateRequest", "CertificateResponse",
                        this::createCertificate),
                new Route("DELETE", "/v1/certificates/{id}", true, null, null, call -> {
                    portal.revokeCertificate(call.teamId(), call.id());
                    return new Answer(204, null);
                }),
                new Route("GET", "/v1/profiles", false, null, "ProfilesResponse", call -> including(profiles(call), call)),
                new Route("GET", "/v1/profiles/{id}", false, null, "ProfileResponse",
                        call -> including(single(json.profile(portal.profile(call.teamId(), call.id())), call), call)),
                new Route("GET", "/v1/profiles/{id}/certificates", false, null, "CertificatesWithoutIncludesResponse",
                        call -> page(profileCertificates(call), json::certificate, call)),
                new Route("GET", "/v1/profiles/{id}/relationships/certificates", false, null,
                        "ProfileCertificatesLinkagesResponse",
                        call -> page(profileCertificates(call), certificate -> AscJson.linkage("certificates", certificate.id()), call)),
                new Route("GET", "/v1/profiles/{id}/bundleId", false, null, "BundleIdWithoutIncludesResponse",
                        call -> single(json.bundleId(profileBundleId(call)), call)),
                new Route("GET", "/v1/profiles/{id}/relationships/bundleId", false, null, "ProfileBundleIdLinkageResponse",
                        call -> single(AscJson.linkage("bundleIds", profileBundleId(call).id()), call)),
                new Route("POST", "/v1/profiles", true, "ProfileCreateRequest", "ProfileResponse", this::createProfile),
                new Route("DELETE", "/v1/profiles/{id}", true, null, null, call -> {
                    portal.deleteProfile(call.teamId(), call.id());
                    return new Answer(204, null);
                }));
    }

    /** The route for {@code method} {@code path} and the path's id, or a 404 in Apple's words. */
    Map.Entry<Route, String> match(String method, String path) throws AscError {
        for (Route route : routes) {
            Optional<String> id = route.id(method, path);
            if (id.isPresent()) {
                return Map.entry(route, id.get());
            }
        }
        throw AscError.notFound("The path provided does not match a defined resource type.");
    }

    private Answer bundleIds(Call call) throws AscError {
        List<AscBundleId> found = portal.bundleIds(call.teamId()).stream()
                // Apple's identifier filter is not exact: com.example.app also finds com.example.app.extension.
                .filter(bundleId -> matches(call, "filter[identifier]", value -> bundleId.identifier().startsWith(value)))
                .filter(bundleId -> matches(call, "filter[platform]", bundleId.platform()::equals))
                .filter(bundleId -> matches(call, "filter[name]", bundleId.name()::equals))
                .filter(bundleId -> matches(call, "filter[id]", bundleId.id()::equals))
                .filter(bundleId -> matches(call, "filter[seedId]", bundleId.teamId()::equals))
                .toList();
        return page(found, json::bundleId, call);
    }

    private List<AscProfile> bundleIdProfiles(Call call) throws AscError {
        String id = portal.bundleId(call.teamId(), call.id()).id();
        return portal.profiles(call.teamId()).stream().filter(profile -> profile.bundleIdResourceId().equals(id)).toList();
    }

    private Answer certificates(Call call) throws AscError {
        List<AscCertificate> found = portal.liveCertificates(call.teamId()).stream()
                .filter(certificate -> matches(call, "filter[certificateType]", certificate.type().name()::equals))
                .filter(certificate -> matches(call, "filter[id]", certificate.id()::equals))
                .filter(certificate -> matches(call, "filter[serialNumber]", certificate.serialNumber()::equalsIgnoreCase))
                .filter(certificate -> matches(call, "filter[displayName]", certificate.name()::contains))
                .toList();
        return page(found, json::certificate, call);
    }

    private Answer createCertificate(Call call) throws AscError {
        JsonNode attributes = call.body().path("data").path("attributes");
        PortalCertificateType type = known(PortalCertificateType.class, attributes.path("certificateType").asText(),
                "/data/attributes/certificateType");
        AscCertificate created = portal.createCertificate(call.teamId(), type,
                AscFiles.requestKey(attributes.path("csrContent").asText()));
        return new Answer(201, json.document(json.certificate(created), "/v1/certificates/" + created.id()));
    }

    private Answer profiles(Call call) throws AscError {
        List<AscProfile> found = portal.profiles(call.teamId()).stream()
                .filter(profile -> matches(call, "filter[name]", profile.name()::equals))
                .filter(profile -> matches(call, "filter[profileType]", profile.type().name()::equals))
                .filter(profile -> matches(call, "filter[profileState]", profile.state()::equals))
                .filter(profile -> matches(call, "filter[id]", profile.id()::equals))
                .toList();
        return page(found, json::profile, call);
    }

    /** The certificates a readable profile holds that are not revoked (revoked ones leave every list). */
    private List<AscCertificate> profileCertificates(Call call) throws AscError {
        AscProfile profile = portal.profile(call.teamId(), call.id());
        return portal.liveCertificates(call.teamId()).stream()
                .filter(certificate -> profile.certificateIds().contains(certificate.id())).toList();
    }

    private AscBundleId profileBundleId(Call call) throws AscError {
        return portal.bundleId(call.teamId(), portal.profile(call.teamId(), call.id()).bundleIdResourceId());
    }

    private Answer createProfile(Call call) throws AscError {
        JsonNode data = call.body().path("data");
        PortalProfileType type = known(PortalProfileType.class, data.path("attributes").path("profileType").asText(),
                "/data/attributes/profileType");
        List<String> certificateIds = new ArrayList<>();
        data.path("relationships").path("certificates").path("data").forEach(item -> certificateIds.add(item.path("id").asText()));
        AscProfile created = portal.createProfile(call.teamId(), data.path("attributes").path("name").asText(), type,
                data.path("relationships").path("bundleId").path("data").path("id").asText(), certificateIds);
        return new Answer(201, json.document(json.profile(created), "/v1/profiles/" + created.id()));
    }

    /**
     * {@code include=bundleId,certificates}: each profile's relationship gets its {@code data}, and the
     * resources themselves go into {@code included}, once each.
     */
    private Answer including(Answer answer, Call call) throws AscError {
        String include = call.query().get("include");
        if (include == null) {
            return answer;
        }
        List<String> wanted = List.of(include.split(","));
        Map<String, ObjectNode> included = new LinkedHashMap<>();
        JsonNode data = answer.body().get("data");
        for (JsonNode resource : data.isArray() ? data : List.of(data)) {
            String id = resource.path("id").asText();
            AscProfile profile = portal.profiles(call.teamId()).stream().filter(item -> item.id().equals(id)).findFirst().orElseThrow();
            ObjectNode relationships = (ObjectNode) resource.get("relationships");
            if (wanted.contains("bundleId")) {
                AscBundleId bundleId = portal.bundleId(call.teamId(), profile.bundleIdResourceId());
                ((ObjectNode) relationships.get("bundleId")).set("data", AscJson.linkage("bundleIds", bundleId.id()));
                included.putIfAbsent("bundleIds/" + bundleId.id(), json.bundleId(bundleId));
            }
            if (wanted.contains("certificates")) {
                ArrayNode linkages = ((ObjectNode) relationships.get("certificates")).putArray("data");
                for (AscCertificate certificate : portal.liveCertificates(call.teamId())) {
                    if (profile.certificateIds().contains(certificate.id())) {
                        linkages.add(AscJson.linkage("certificates", certificate.id()));
                        included.putIfAbsent("certificates/" + certificate.id(), json.certificate(certificate));
                    }
                }
            }
            if (wanted.contains("devices")) {
                ((ObjectNode) relationships.get("devices")).putArray("data");
            }
        }
        answer.body().putArray("included").addAll(included.values());
        return answer;
    }

    private Answer single(ObjectNode resource, Call call) {
        return new Answer(200, json.document(resource, call.path()));
    }

    private <T> Answer page(List<T> all, Function<T, ObjectNode> writer, Call call) throws AscError {
        String cursor = call.query().get("cursor");
        if (cursor != null && (AscJson.cursor(cursor) < 0 || AscJson.cursor(cursor) > all.size())) {
            throw AscError.parameter("cursor", "The cursor '" + cursor + "' is not one this list gave");
        }
        return new Answer(200, json.page(all, writer, call.path(), call.query()));
    }

    /** A filter absent, or one of its comma-separated values accepted by {@code test}. */
    private static boolean matches(Call call, String filter, java.util.function.Predicate<String> test) {
        String values = call.query().get(filter);
        return values == null || Arrays.stream(values.split(",")).anyMatch(test);
    }

    /** One of the types the double makes (the schema allows more than macOS signing needs). */
    private static <E extends Enum<E>> E known(Class<E> type, String name, String pointer) throws AscError {
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(name)) {
                return constant;
            }
        }
        throw AscError.entity("The double makes " + Arrays.toString(type.getEnumConstants()) + " only, not " + name, pointer);
    }
}
