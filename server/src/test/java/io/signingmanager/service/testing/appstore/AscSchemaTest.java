package io.signingmanager.service.testing.appstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The validator is not vacuous: Apple's schemas refuse what Apple would not send or accept. */
class AscSchemaTest {
    private static final AscSchema SCHEMA = AscSchema.load();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void answersAreCheckedForRequiredFieldsTypesEnumsAndFormats() throws Exception {
        assertThat(SCHEMA.problems("CertificateResponse", json("""
                {"data": {"type": "certificates", "id": "X", "attributes": {"certificateType": "MAC_APP_DISTRIBUTION",
                 "expirationDate": "2027-01-01T00:00:00.000Z"}}, "links": {"self": "http://127.0.0.1/v1/certificates/X"}}
                """))).isEmpty();
        assertThat(SCHEMA.problems("CertificateResponse", json("""
                {"data": {"type": "certificate", "attributes": {"certificateType": "MAC_SOMETHING", "activated": "yes",
                 "expirationDate": "2027-01-01T00:00:00.000+0000"}}}
                """))).hasSize(6).anyMatch(problem -> problem.contains("links"))
                .anyMatch(problem -> problem.contains("/data/type"))
                .anyMatch(problem -> problem.contains("id"))
                .anyMatch(problem -> problem.contains("certificateType"))
                .anyMatch(problem -> problem.contains("activated"))
                .anyMatch(problem -> problem.contains("expirationDate"));
        assertThat(SCHEMA.problems("BundleIdsResponse", json("""
                {"data": [], "links": {"self": "x"}, "meta": {"paging": {"total": 0}}}
                """))).singleElement().asString().contains("limit");
    }

    @Test
    void requestBodiesAreCheckedThroughTheirReferences() throws Exception {
        assertThat(SCHEMA.problems("ProfileCreateRequest", json("""
                {"data": {"type": "profiles", "attributes": {"name": "P", "profileType": "MAC_APP_STORE"},
                 "relationships": {"bundleId": {"data": {"type": "bundleIds", "id": "B"}},
                                   "certificates": {"data": [{"type": "certificates", "id": "C"}]}}}}
                """))).isEmpty();
        assertThat(SCHEMA.problems("ProfileCreateRequest", json("""
                {"data": {"type": "profiles", "attributes": {"name": "P", "profileType": "MAC_APP_STORE"},
                 "relationships": {"bundleId": {"data": {"type": "bundleIds", "id": "B"}}}}}
                """))).singleElement().asString().contains("certificates");
    }

    @Test
    void queriesAreCheckedAgainstTheOperationsParameters() {
        assertThat(SCHEMA.parameterProblems("GET", "/v1/bundleIds",
                Map.of("filter[identifier]", "com.example.app", "filter[platform]", "MAC_OS,UNIVERSAL", "limit", "200",
                        "cursor", "abc"))).isEmpty();
        assertThat(SCHEMA.parameterProblems("GET", "/v1/bundleIds", Map.of("filter[platform]", "MAC_OS,WINDOWS")))
                .singleElement().asString().contains("WINDOWS");
        assertThat(SCHEMA.parameterProblems("GET", "/v1/bundleIds", Map.of("limit", "201"))).hasSize(1);
        assertThat(SCHEMA.parameterProblems("GET", "/v1/bundleIds", Map.of("limit", "many"))).hasSize(1);
        assertThat(SCHEMA.parameterProblems("GET", "/v1/certificates/{id}", Map.of("filter[certificateType]", "IOS_DISTRIBUTION")))
                .singleElement().asString().contains("has no parameter filter[certificateType]");
        assertThat(SCHEMA.parameterProblems("PUT", "/v1/certificates", Map.of())).hasSize(1);
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }
}
