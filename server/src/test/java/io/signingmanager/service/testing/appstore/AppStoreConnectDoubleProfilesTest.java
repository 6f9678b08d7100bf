package io.signingmanager.service.testing.appstore;

import static io.signingmanager.service.testing.appstore.AscTestClient.profileRequest;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.service.apple.ProfileReader;
import io.signingmanager.service.apple.ProfileType;
import io.signingmanager.service.apple.ProvisioningProfile;
import io.signingmanager.service.appstore.PortalProfileType;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The double's profiles: real files, Apple's rules, INVALID after a revocation, zombies, includes. */
class AppStoreConnectDoubleProfilesTest extends AscDoubleFixture {
    @Test
    void profilesAreRealFilesThatTheManualSigningCodeReads() throws Exception {
        String bundle = apple.addBundleId(TEAM, "com.example.app", "Example App", "MAC_OS");
        String distribution = createCertificate("MAC_APP_DISTRIBUTION");
        String developerId = createCertificate("DEVELOPER_ID_APPLICATION");

        AscTestClient.Answer store = client.post(adminToken(), "/v1/profiles",
                profileRequest("Example App Store", "MAC_APP_STORE", bundle, distribution));
        assertThat(store.status()).isEqualTo(201);
        JsonNode attributes = store.json().path("data").path("attributes");
        assertThat(attributes.path("profileState").asText()).isEqualTo("ACTIVE");
        ProvisioningProfile read = ProfileReader.read(Base64.getDecoder().decode(attributes.path("profileContent").asText()));
        assertThat(read.type()).isEqualTo(ProfileType.APP_STORE);
        assertThat(read.teamId()).isEqualTo(TEAM);
        assertThat(read.teamName()).isEqualTo(TEAM_NAME);
        assertThat(read.bundleId()).isEqualTo("com.example.app");
        assertThat(read.uuid()).isEqualTo(attributes.path("uuid").asText());
        assertThat(read.name()).isEqualTo("Example App Store");
        assertThat(read.platforms()).contains(ProvisioningProfile.MAC_OS);
        assertThat(read.developerCertificates()).hasSize(1);
        assertThat(read.developerCertificates().get(0)).isEqualTo(apple.certificates(TEAM).stream()
                .filter(certificate -> certificate.id().equals(distribution)).findFirst().orElseThrow().certificate().getEncoded());

        AscTestClient.Answer direct = client.post(adminToken(), "/v1/profiles",
                profileRequest("Example Developer ID", "MAC_APP_DIRECT", bundle, developerId));
        assertThat(direct.status()).isEqualTo(201);
        assertThat(ProfileReader.read(Base64.getDecoder().decode(direct.json().path("data").path("attributes")
                .path("profileContent").asText())).type()).isEqualTo(ProfileType.DEVELOPER_ID);
        assertThat(client.post(adminToken(), "/v1/profiles",
                profileRequest("Example Catalyst", "MAC_CATALYST_APP_STORE", bundle, distribution)).status()).isEqualTo(201);

        assertThat(client.post(adminToken(), "/v1/profiles", profileRequest("Wrong kind", "MAC_APP_DIRECT", bundle, distribution))
                .status()).as("Developer ID needs a Developer ID Application certificate").isEqualTo(409);
        assertThat(client.post(adminToken(), "/v1/profiles", profileRequest("Example App Store", "MAC_APP_STORE", bundle, distribution))
                .status()).as("names are unique per team").isEqualTo(409);
        assertThat(client.post(adminToken(), "/v1/profiles", profileRequest("No bundle", "MAC_APP_STORE", "NOSUCHID00", distribution))
                .status()).isEqualTo(409);

        String id = store.json().path("data").path("id").asText();
        assertThat(client.get(adminToken(), "/v1/profiles/" + id + "/certificates").json().path("data").path(0).path("id").asText())
                .isEqualTo(distribution);
        assertThat(client.get(adminToken(), "/v1/profiles/" + id + "/bundleId").json().path("data").path("id").asText())
                .isEqualTo(bundle);
        assertThat(client.get(adminToken(), "/v1/bundleIds/" + bundle + "/profiles").json().path("meta").path("paging")
                .path("total").asInt()).isEqualTo(3);
        assertThat(client.get(adminToken(), "/v1/profiles?filter%5BprofileType%5D=MAC_APP_DIRECT").json().path("data")).hasSize(1);
        assertThat(apple.schemaProblems()).isEmpty();
    }

    @Test
    void revokingACertificateInvalidatesItsProfilesWhichKeepTheirFiles() {
        String bundle = apple.addBundleId(TEAM, "com.example.app", "Example App", "MAC_OS");
        String certificate = createCertificate("MAC_APP_DISTRIBUTION");
        String profile = client.post(adminToken(), "/v1/profiles", profileRequest("Store", "MAC_APP_STORE", bundle, certificate))
                .json().path("data").path("id").asText();

        assertThat(client.delete(adminToken(), "/v1/certificates/" + certificate).status()).isEqualTo(204);

        JsonNode attributes = client.get(adminToken(), "/v1/profiles/" + profile).json().path("data").path("attributes");
        assertThat(attributes.path("profileState").asText()).isEqualTo("INVALID");
        assertThat(attributes.path("profileContent").asText()).isNotEmpty();
        assertThat(client.get(adminToken(), "/v1/profiles/" + profile + "/certificates").json().path("data")).isEmpty();
        assertThat(client.get(adminToken(), "/v1/profiles?filter%5BprofileState%5D=INVALID").json().path("data")).hasSize(1);

        String other = client.post(adminToken(), "/v1/profiles", profileRequest("Store 2", "MAC_APP_STORE", bundle,
                createCertificate("MAC_APP_DISTRIBUTION"))).json().path("data").path("id").asText();
        apple.invalidate(other);
        assertThat(apple.profiles(TEAM)).allMatch(item -> !item.active());
        assertThat(client.delete(adminToken(), "/v1/profiles/" + other).status()).isEqualTo(204);
        assertThat(client.get(adminToken(), "/v1/profiles/" + other).status()).isEqualTo(404);
        assertThat(apple.schemaProblems()).isEmpty();
    }

    @Test
    void aZombieIsListedButCannotBeReadAndCanBeDeleted() {
        String bundle = apple.addBundleId(TEAM, "com.example.app", "Example App", "MAC_OS");
        String zombie = apple.addZombieProfile(TEAM, bundle, PortalProfileType.MAC_APP_STORE);

        assertThat(client.get(adminToken(), "/v1/bundleIds/" + bundle + "/profiles").json().path("data").path(0).path("id").asText())
                .isEqualTo(zombie);
        assertThat(client.get(adminToken(), "/v1/profiles").json().path("data").path(0).path("id").asText()).isEqualTo(zombie);
        assertThat(client.get(adminToken(), "/v1/profiles/" + zombie).status()).isEqualTo(404);
        AscTestClient.Answer certificates = client.get(adminToken(), "/v1/profiles/" + zombie + "/certificates");
        assertThat(certificates.status()).isEqualTo(404);
        assertThat(certificates.errorCode()).isEqualTo("NOT_FOUND");

        assertThat(client.delete(adminToken(), "/v1/profiles/" + zombie).status()).isEqualTo(204);
        assertThat(client.get(adminToken(), "/v1/profiles").json().path("data")).isEmpty();
        assertThat(apple.schemaProblems()).isEmpty();
    }

    @Test
    void relationshipsAndIncludesNameTheBundleIdAndTheLiveCertificates() {
        String bundle = apple.addBundleId(TEAM, "com.example.app", "Example App", "MAC_OS");
        String first = createCertificate("MAC_APP_DISTRIBUTION");
        String second = createCertificate("MAC_APP_DISTRIBUTION");
        String profile = client.post(adminToken(), "/v1/profiles", profileRequest("Store", "MAC_APP_STORE", bundle, first, second))
                .json().path("data").path("id").asText();
        client.delete(adminToken(), "/v1/certificates/" + second);

        assertThat(client.get(adminToken(), "/v1/profiles/" + profile + "/relationships/certificates").json().path("data"))
                .extracting(item -> item.path("id").asText()).containsExactly(first);
        assertThat(client.get(adminToken(), "/v1/profiles/" + profile + "/relationships/bundleId").json().path("data")
                .path("id").asText()).isEqualTo(bundle);
        assertThat(client.get(adminToken(), "/v1/bundleIds/" + bundle + "/relationships/profiles").json().path("data"))
                .extracting(item -> item.path("type").asText() + "/" + item.path("id").asText()).containsExactly("profiles/" + profile);

        JsonNode one = client.get(adminToken(), "/v1/profiles/" + profile + "?include=bundleId%2Ccertificates").json();
        assertThat(one.path("data").path("relationships").path("certificates").path("data"))
                .extracting(item -> item.path("id").asText()).containsExactly(first);
        assertThat(one.path("included")).extracting(item -> item.path("type").asText() + "/" + item.path("id").asText())
                .containsExactly("bundleIds/" + bundle, "certificates/" + first);
        JsonNode list = client.get(adminToken(), "/v1/profiles?include=certificates").json();
        assertThat(list.path("included")).hasSize(1);
        assertThat(client.get(adminToken(), "/v1/profiles?include=everything").status()).isEqualTo(400);
        assertThat(apple.schemaProblems()).hasSize(1).allMatch(problem -> problem.contains("include"));
    }
}
