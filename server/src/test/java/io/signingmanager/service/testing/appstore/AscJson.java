package io.signingmanager.service.testing.appstore;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The JSON:API documents App Store Connect answers with: resources ({@code bundleIds},
 * {@code certificates}, {@code profiles}) with their attributes, relationship links and self link, single
 * documents, pages ({@code links.next} and {@code meta.paging} until the last page), and errors.
 */
final class AscJson {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Apple's page size is up to 200; the double's is 2, so that every client follows {@code links.next}. */
    static final int PAGE_SIZE = 2;

    private final String base;

    AscJson(String base) {
        this.base = base;
    }

    ObjectNode bundleId(AscBundleId bundleId) {
        ObjectNode resource = resource("bundleIds", bundleId.id());
        resource.putObject("attributes")
                .put("name", bundleId.name())
                .put("identifier", bundleId.identifier())
                .put("platform", bundleId.platform())
                .put("seedId", bundleId.teamId());
        ObjectNode relationships = resource.putObject("relationships");
        relationship(relationships, "bundleIds", bundleId.id(), "profiles");
        relationship(relationships, "bundleIds", bundleId.id(), "bundleIdCapabilities");
        return resource;
    }

    ObjectNode certificate(AscCertificate certificate) {
        ObjectNode resource = resource("certificates", certificate.id());
        ObjectNode attributes = resource.putObject("attributes")
                .put("name", certificate.name())
                .put("certificateType", certificate.type().name())
                .put("displayName", displayName(certificate))
                .put("serialNumber", certificate.serialNumber())
                .put("platform", "MAC_OS")
                .put("expirationDate", date(certificate.expirationDate()));
        try {
            attributes.put("certificateContent", Base64.getEncoder().encodeToString(certificate.certificate().getEncoded()));
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
        return resource;
    }

    ObjectNode profile(AscProfile profile) {
        ObjectNode resource = resource("profiles", profile.id());
        resource.putObject("attributes")
                .put("name", profile.name())
                .put("platform", "MAC_OS")
                .put("profileType", profile.type().name())
                .put("profileState", profile.state())
                .put("profileContent", Base64.getEncoder().encodeToString(profile.content()))
                .put("uuid", profile.uuid())
                .put("createdDate", date(profile.createdDate()))
                .put("expirationDate", date(profile.expirationDate()));
        ObjectNode relationships = resource.putObject("relationships");
        relationship(relationships, "profiles", profile.id(), "bundleId");
        relationship(relationships, "profiles", profile.id(), "devices");
        relationship(relationships, "profiles", profile.id(), "certificates");
        return resource;
    }

    /** A resource identifier, as relationship endpoints list them. */
    static ObjectNode linkage(String type, String id) {
        return JSON.createObjectNode().put("type", type).put("id", id);
    }

    /** A single resource: {@code {"data": ..., "links": {"self": ...}}}. */
    ObjectNode document(ObjectNode data, String path) {
        ObjectNode document = JSON.createObjectNode();
        document.set("data", data);
        document.putObject("links").put("self", base + path);
        return document;
    }

    /**
     * The page of {@code all} that {@code query}'s cursor asks for, {@link #PAGE_SIZE} at a time whatever
     * {@code limit} says; {@code links.next} repeats the query with the next cursor.
     */
    <T> ObjectNode page(List<T> all, Function<T, ObjectNode> writer, String path, Map<String, String> query) {
        int from = query.containsKey("cursor") ? cursor(query.get("cursor")) : 0;
        int to = Math.min(all.size(), from + PAGE_SIZE);
        ObjectNode document = JSON.createObjectNode();
        ArrayNode data = document.putArray("data");
        all.subList(Math.min(from, all.size()), to).forEach(item -> data.add(writer.apply(item)));
        ObjectNode links = document.putObject("links").put("self", base + path + queryString(query, null));
        ObjectNode paging = document.putObject("meta").putObject("paging").put("total", all.size()).put("limit", PAGE_SIZE);
        if (to < all.size()) {
            String next = Base64.getUrlEncoder().withoutPadding().encodeToString(("offset:" + to).getBytes(StandardCharsets.UTF_8));
            links.put("next", base + path + queryString(query, next));
            paging.put("nextCursor", next);
        }
        return document;
    }

    static ObjectNode error(AscError error) {
        ObjectNode document = JSON.createObjectNode();
        ObjectNode item = document.putArray("errors").addObject()
                .put("id", UUID.randomUUID().toString())
                .put("status", Integer.toString(error.status))
                .put("code", error.code)
                .put("title", error.title)
                .put("detail", error.detail);
        if (error.pointer != null) {
            item.putObject("source").put("pointer", error.pointer);
        } else if (error.parameter != null) {
            item.putObject("source").put("parameter", error.parameter);
        }
        return document;
    }

    /** Apple's cursors are opaque; the double's hide an offset, and a forged one is a 400. */
    static int cursor(String cursor) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (decoded.startsWith("offset:")) {
                return Integer.parseInt(decoded.substring("offset:".length()));
            }
        } catch (IllegalArgumentException e) {
            // falls through to the refusal below
        }
        return -1;
    }

    static String date(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private ObjectNode resource(String type, String id) {
        ObjectNode resource = JSON.createObjectNode().put("type", type).put("id", id);
        resource.putObject("links").put("self", base + "/v1/" + type + "/" + id);
        return resource;
    }

    private void relationship(ObjectNode relationships, String type, String id, String name) {
        relationships.putObject(name).putObject("links")
                .put("self", base + "/v1/" + type + "/" + id + "/relationships/" + name)
                .put("related", base + "/v1/" + type + "/" + id + "/" + name);
    }

    private static String displayName(AscCertificate certificate) {
        String name = certificate.name();
        int colon = name.indexOf(':');
        return colon < 0 ? name : name.substring(colon + 1).trim();
    }

    private static String queryString(Map<String, String> query, String cursor) {
        String rest = query.entrySet().stream().filter(entry -> !entry.getKey().equals("cursor"))
                .map(entry -> encode(entry.getKey()) + "=" + encode(entry.getValue()))
                .collect(Collectors.joining("&"));
        if (cursor != null) {
            rest = rest.isEmpty() ? "cursor=" + cursor : rest + "&cursor=" + cursor;
        }
        return rest.isEmpty() ? "" : "?" + rest;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
