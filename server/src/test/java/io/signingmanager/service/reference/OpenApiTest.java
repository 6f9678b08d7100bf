package io.signingmanager.service.reference;

import static io.signingmanager.service.testing.TestService.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.common.protocol.ErrorCode;
import io.signingmanager.service.SigningService;
import io.signingmanager.service.audit.AdminAction;
import io.signingmanager.service.audit.ObjectKind;
import io.signingmanager.service.http.Router;
import io.signingmanager.service.testing.Http;
import io.signingmanager.service.testing.RunningService;
import io.signingmanager.service.testing.TestService;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The OpenAPI document served at /api/openapi.json against the routes the service really serves. */
class OpenApiTest {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    @RunningService
    private static TestService service;
    private static JsonNode document;

    /** One operation of the document: "GET /api/v1/version" and its JSON. */
    private record Operation(String key, JsonNode node) {
    }

    @BeforeAll
    static void start() {
        Http.Answer answer = expect(service.http.get("/api/openapi.json", null), 200);
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        document = answer.json();
    }

    /** The audit's admin vocabularies as the service has them, every place the document lists them. */
    @Test
    void theAuditsAdminActionsAndObjectKindsAreTheServicesOwn() {
        List<String> kinds = Arrays.stream(ObjectKind.values()).map(ObjectKind::wire).toList();
        List<JsonNode> actionEnums = new ArrayList<>();
        List<JsonNode> kindEnums = new ArrayList<>();
        document.findParents("enum").forEach(node -> {
            JsonNode values = node.get("enum");
            if (values.toString().contains("\"certificate.import\"")) {
                actionEnums.add(values);
            } else if (values.toString().contains("\"api-key\"") && values.toString().contains("\"page\"")) {
                kindEnums.add(values);
            }
        });
        assertThat(actionEnums).as("the action query parameter and the record's action").hasSize(2);
        actionEnums.forEach(values -> assertThat(texts(values)).isEqualTo(AdminAction.WIRE_NAMES));
        assertThat(kindEnums).hasSize(1);
        assertThat(texts(kindEnums.get(0))).isEqualTo(kinds);
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(value -> texts.add(value.asText()));
        return texts;
    }

    @Test
    void documentIsOpenApi303() {
        assertThat(document.path("openapi").asText()).isEqualTo("3.0.3");
        assertThat(document.path("info").path("title").asText()).isNotBlank();
        assertThat(document.path("paths").size()).isPositive();
    }

    @Test
    void everyServedRouteIsDocumentedAndEveryDocumentedOperationIsServed() {
        Set<String> served = service.service.routes().stream().map(OpenApiTest::key)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> documented = operations().stream().map(Operation::key).collect(Collectors.toCollection(TreeSet::new));

        Set<String> undocumented = new TreeSet<>(served);
        undocumented.removeAll(documented);
        Set<String> notServed = new TreeSet<>(documented);
        notServed.removeAll(served);
        SoftAssertions.assertSoftly(softly -> {
            softly.assertThat(undocumented).as("routes the service serves but openapi.json does not document").isEmpty();
            softly.assertThat(notServed).as("operations openapi.json documents but the service does not serve").isEmpty();
        });
    }

    @Test
    void everyOperationStatesTheAccessOfItsRoute() {
        Map<String, String> expected = new TreeMap<>();
        for (Router.Entry route : service.service.routes()) {
            expected.put(key(route), route.access().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        List<String> wrong = new ArrayList<>();
        for (Operation operation : operations()) {
            String access = operation.node().path("x-access").asText(null);
            String want = expected.get(operation.key());
            if (want != null && !want.equals(access)) {
                wrong.add(operation.key() + ": x-access is " + access + ", the route's access is " + want);
            }
        }
        assertThat(wrong).as("operations whose x-access differs from the route's Access").isEmpty();
    }

    @Test
    void everyOperationHasIdSummaryDescriptionAndResponses() {
        List<String> problems = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Operation operation : operations()) {
            JsonNode node = operation.node();
            String id = node.path("operationId").asText("");
            if (id.isBlank()) {
                problems.add(operation.key() + ": no operationId");
            } else if (!ids.add(id)) {
                problems.add(operation.key() + ": operationId " + id + " is used twice");
            }
            if (node.path("summary").asText("").isBlank()) {
                problems.add(operation.key() + ": no summary");
            }
            if (node.path("description").asText("").isBlank()) {
                problems.add(operation.key() + ": no description");
            }
            if (!node.path("responses").isObject() || node.path("responses").isEmpty()) {
                problems.add(operation.key() + ": no response");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyPathParameterIsDeclared() {
        List<String> problems = new ArrayList<>();
        for (Operation operation : operations()) {
            String path = operation.key().substring(operation.key().indexOf(' ') + 1);
            Set<String> declared = new TreeSet<>();
            for (JsonNode parameter : operation.node().path("parameters")) {
                JsonNode resolved = resolve(parameter);
                if ("path".equals(resolved.path("in").asText()) && resolved.path("required").asBoolean()) {
                    declared.add(resolved.path("name").asText());
                }
            }
            Set<String> inPath = Arrays.stream(path.split("/")).filter(s -> s.startsWith("{"))
                    .map(s -> s.substring(1, s.length() - 1)).collect(Collectors.toCollection(TreeSet::new));
            if (!declared.equals(inPath)) {
                problems.add(operation.key() + ": path parameters " + inPath + ", declared " + declared);
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyReferenceResolvesInsideTheDocument() {
        List<String> broken = new ArrayList<>();
        walk(document, "#", (pointer, node) -> {
            JsonNode ref = node.get("$ref");
            if (ref != null) {
                String target = ref.asText();
                if (!target.startsWith("#/") || document.at(target.substring(1)).isMissingNode()) {
                    broken.add(pointer + " -> " + target);
                }
            }
        });
        assertThat(broken).as("$refs that do not resolve inside openapi.json").isEmpty();
    }

    @Test
    void everySecurityRequirementNamesADefinedScheme() {
        JsonNode schemes = document.path("components").path("securitySchemes");
        assertThat(schemes.has("bearer") && schemes.has("sessionCookie") && schemes.has("csrfToken")).isTrue();
        List<String> unknown = new ArrayList<>();
        for (Operation operation : operations()) {
            for (JsonNode requirement : operation.node().path("security")) {
                requirement.fieldNames().forEachRemaining(name -> {
                    if (!schemes.has(name)) {
                        unknown.add(operation.key() + ": " + name);
                    }
                });
            }
        }
        assertThat(unknown).isEmpty();
    }

    @Test
    void errorResponsesUseTheErrorSchemaAndRealCodesOfTheirStatus() {
        JsonNode errorSchema = document.at("/components/schemas/Error");
        Set<String> allCodes = Arrays.stream(ErrorCode.values()).map(ErrorCode::wire)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> schemaCodes = new TreeSet<>();
        errorSchema.at("/properties/error/enum").forEach(code -> schemaCodes.add(code.asText()));
        assertThat(schemaCodes).as("the Error schema's codes against ErrorCode").isEqualTo(allCodes);

        List<String> problems = new ArrayList<>();
        for (Operation operation : operations()) {
            operation.node().path("responses").fields().forEachRemaining(entry -> {
                int status = Integer.parseInt(entry.getKey());
                if (status < 400) {
                    return;
                }
                String where = operation.key() + " " + status;
                JsonNode schema = resolve(entry.getValue()).at("/content/application~1json/schema");
                List<String> codes = new ArrayList<>();
                boolean usesError = false;
                Iterable<JsonNode> parts = schema.has("allOf") ? schema.get("allOf") : List.of(schema);
                for (JsonNode part : parts) {
                    usesError |= "#/components/schemas/Error".equals(part.path("$ref").asText());
                    part.at("/properties/error/enum").forEach(code -> codes.add(code.asText()));
                }
                if (!usesError) {
                    problems.add(where + ": does not use the Error schema");
                }
                if (codes.isEmpty()) {
                    problems.add(where + ": lists no error code");
                }
                for (String code : codes) {
                    ErrorCode known = ErrorCode.fromWire(code);
                    if (known == null) {
                        problems.add(where + ": unknown error code " + code);
                    } else if (known.status() != status) {
                        problems.add(where + ": " + code + " is answered with HTTP " + known.status());
                    }
                }
            });
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void versionAnswersNameVersionAndApiVersion() {
        JsonNode version = expect(service.http.get("/api/v1/version", null), 200).json();
        assertThat(version.path("name").asText()).isEqualTo(SigningService.NAME);
        assertThat(version.path("version").asText()).isNotBlank();
        assertThat(version.path("apiVersion").asInt()).isEqualTo(1);
        assertThat(names(version.fieldNames())).containsExactlyInAnyOrder("name", "version", "apiVersion");
    }

    @Test
    void healthAnswersOkWithoutSignInWhileTheDatabaseTakesWrites() {
        JsonNode health = expect(service.http.get("/api/v1/health", null), 200).json();
        assertThat(health.path("status").asText()).isEqualTo("ok");
        JsonNode diagnostics = expect(service.http.get("/api/v1/diagnostics", service.adminToken()), 200).json();
        assertThat(diagnostics.at("/database/state").asText()).isEqualTo("ok");
        assertThat(diagnostics.at("/database/registeredClients").isInt()).isTrue();
    }

    @Test
    void diagnosticsNeedASignInAndShowTheTlsFingerprint() {
        Http.Answer anonymous = service.http.get("/api/v1/diagnostics", null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.error()).isEqualTo("unauthenticated");

        JsonNode diagnostics = expect(service.http.get("/api/v1/diagnostics", service.adminToken()), 200).json();
        assertThat(diagnostics.path("tlsCertificateSha256").asText()).isEqualTo(service.service.tlsSha256());
        assertThat(diagnostics.path("apiVersion").asInt()).isEqualTo(1);
        JsonNode documented = document.at("/components/schemas/Diagnostics/required");
        documented.forEach(field -> assertThat(diagnostics.has(field.asText()))
                .as("documented diagnostics field " + field.asText()).isTrue());
    }

    private static String key(Router.Entry route) {
        return route.method() + " " + route.pattern();
    }

    private static List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(method -> {
            if (METHODS.contains(method.getKey())) {
                operations.add(new Operation(method.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(),
                        method.getValue()));
            }
        }));
        return operations;
    }

    /** The node itself, or what its {@code $ref} points at. */
    private static JsonNode resolve(JsonNode node) {
        JsonNode ref = node.get("$ref");
        return ref == null ? node : document.at(ref.asText().substring(1));
    }

    private static void walk(JsonNode node, String pointer, BiConsumer<String, JsonNode> visit) {
        if (node.isObject()) {
            visit.accept(pointer, node);
            node.fields().forEachRemaining(e -> walk(e.getValue(),
                    pointer + "/" + e.getKey().replace("~", "~0").replace("/", "~1"), visit));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), pointer + "/" + i, visit);
            }
        }
    }

    private static List<String> names(Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }
}
