package io.signingmanager.service.testing.appstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Apple's signing subset of the App Store Connect OpenAPI document ({@code asc/signing-subset.json} on
 * the test classpath): bodies checked against its component schemas by networknt's validator with the
 * OpenAPI 3.0 dialect (the whole document is loaded, so {@code $ref}s resolve), and query parameters
 * against the names and enums each operation declares.
 */
final class AscSchema {
    private static final String DOCUMENT = "classpath:asc/signing-subset.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Apple's paging parameter: in every {@code links.next}, though the document does not declare it. */
    private static final String CURSOR = "cursor";

    /** The document's top-level fields are no schema keywords; named here, they load without a warning each. */
    private final SchemaRegistry registry = SchemaRegistry.withDialect(Dialect.builder(Dialects.getOpenApi30())
            .keywords(Stream.of("_source", "openapi", "info", "servers", "paths", "components", "security")
                    .map(NonValidationKeyword::new).toList())
            .build());
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();
    private final JsonNode paths;

    private AscSchema(JsonNode paths) {
        this.paths = paths;
    }

    static AscSchema load() {
        try (InputStream in = AscSchema.class.getClassLoader().getResourceAsStream("asc/signing-subset.json")) {
            if (in == null) {
                throw new IllegalStateException("asc/signing-subset.json is not on the test classpath");
            }
            return new AscSchema(JSON.readTree(in).get("paths"));
        } catch (IOException e) {
            throw new IllegalStateException("asc/signing-subset.json cannot be read", e);
        }
    }

    /** What is wrong with {@code instance} as a {@code #/components/schemas/<name>}; empty when it is valid. */
    List<String> problems(String name, JsonNode instance) {
        Schema schema = schemas.computeIfAbsent(name,
                key -> registry.getSchema(SchemaLocation.of(DOCUMENT + "#/components/schemas/" + key)));
        List<String> problems = new ArrayList<>();
        for (Error error : schema.validate(instance)) {
            problems.add(name + ": " + error.getInstanceLocation() + ": " + error.getMessage());
        }
        return problems;
    }

    /**
     * What is wrong with a request's query for the operation {@code method} {@code template} (a path of
     * the document, e.g. {@code /v1/bundleIds/{id}}): names it does not declare, values outside an enum.
     */
    List<String> parameterProblems(String method, String template, Map<String, String> query) {
        JsonNode operation = paths.path(template).path(method.toLowerCase(java.util.Locale.ROOT));
        if (operation.isMissingNode()) {
            return List.of(method + " " + template + " is not in the document");
        }
        Set<String> declared = new HashSet<>(Set.of(CURSOR));
        List<String> problems = new ArrayList<>();
        for (JsonNode parameter : operation.path("parameters")) {
            if (!"query".equals(parameter.path("in").asText())) {
                continue;
            }
            String name = parameter.path("name").asText();
            declared.add(name);
            if (query.containsKey(name)) {
                problems.addAll(valueProblems(name, parameter.path("schema"), query.get(name)));
            }
        }
        query.keySet().stream().filter(name -> !declared.contains(name))
                .forEach(name -> problems.add(method + " " + template + " has no parameter " + name));
        return problems;
    }

    /** Form style, not exploded: an array parameter is one comma-separated value. */
    private static List<String> valueProblems(String name, JsonNode schema, String value) {
        boolean array = "array".equals(schema.path("type").asText());
        JsonNode allowed = array ? schema.path("items").path("enum") : schema.path("enum");
        List<String> problems = new ArrayList<>();
        for (String item : array ? List.of(value.split(",", -1)) : List.of(value)) {
            if (allowed.isArray() && !contains(allowed, item)) {
                problems.add(name + " has " + item + ", not one of " + allowed);
            }
            if ("integer".equals(schema.path("type").asText()) && !item.matches("\\d+")) {
                problems.add(name + " is " + item + ", not an integer");
            }
            if (schema.has("maximum") && item.matches("\\d+") && Long.parseLong(item) > schema.get("maximum").asLong()) {
                problems.add(name + " is " + item + ", more than " + schema.get("maximum"));
            }
        }
        return problems;
    }

    private static boolean contains(JsonNode values, String value) {
        for (JsonNode allowed : values) {
            if (allowed.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }
}
