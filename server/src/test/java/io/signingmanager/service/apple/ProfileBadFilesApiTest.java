package io.signingmanager.service.apple;

import static io.signingmanager.service.testing.TestService.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.dd.plist.BinaryPropertyListWriter;
import com.dd.plist.NSArray;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSObject;
import com.dd.plist.PropertyListParser;
import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.service.testing.AppleTestPki;
import io.signingmanager.service.testing.Http;
import io.signingmanager.service.testing.RunningService;
import io.signingmanager.service.testing.TempFolders;
import io.signingmanager.service.testing.TestPki;
import io.signingmanager.service.testing.TestService;
import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Files that are not good provisioning profiles, uploaded through the admin API: each gets a 4xx that
 * says what is wrong, and nothing is stored (no profile, no audit record of one). No test here
 * uploads a good profile, so the list stays empty throughout.
 */
class ProfileBadFilesApiTest {
    @RunningService
    private static TestService service;
    private static String admin;

    @BeforeAll
    static void start() {
        admin = service.adminToken();
    }

    @AfterEach
    void nothingWasStored() {
        assertThat(expect(service.http.get(ProfileApiTest.PROFILES, admin), 200).json()).isEmpty();
        assertThat(expect(service.http.get("/api/v1/admin/audit?type=admin&action=profile.upload", admin), 200).json()
                .get("records")).isEmpty();
    }

    @Test
    void notACmsMessage() {
        assertRefused("just some text".getBytes(StandardCharsets.UTF_8), 400, "invalid_profile",
                "it is not a CMS signed message");
    }

    @Test
    void truncatedFile() {
        byte[] good = AppleTestPki.profile(ProfileType.APP_STORE, "com.example.app").build();
        assertRefused(Arrays.copyOf(good, good.length - 100), 400, "invalid_profile", "it is not a CMS signed message");
    }

    @Test
    void cmsWithoutContent() throws Exception {
        TestPki.TestIdentity signer = TestPki.rsa(2048, "Detached Signer");
        CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
        generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(signer.privateKey()), signer.leaf()));
        generator.addCertificates(new JcaCertStore(signer.chain()));
        byte[] detached = generator.generate(new CMSProcessableByteArray(AppleTestPki.profile(ProfileType.APP_STORE,
                "com.example.app").plist()), false).getEncoded();
        assertRefused(detached, 400, "invalid_profile", "holds no content");
    }

    @Test
    void contentThatIsNotAPlist() {
        assertRefused(AppleTestPki.signed("{\"not\": \"a plist\"}".getBytes(StandardCharsets.UTF_8)), 400,
                "invalid_profile", "is not a property list");
    }

    @Test
    void plistMissingKeys() {
        assertRefused(AppleTestPki.signed(AppleTestPki.profile(ProfileType.APP_STORE, "com.example.app")
                .without("UUID").without("ExpirationDate").plist()), 400, "invalid_profile", "lacks UUID, ExpirationDate");
    }

    @Test
    void tamperedProfile() {
        byte[] tampered = AppleTestPki.profile(ProfileType.APP_STORE, "com.example.app").build();
        String text = new String(tampered, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("com.example.app");
        tampered[at] = 'C';
        assertRefused(tampered, 400, "invalid_profile", "does not verify");
    }

    @Test
    void expiredProfile() {
        Instant expiry = Instant.now().minus(Duration.ofDays(3));
        assertRefused(AppleTestPki.profile(ProfileType.APP_STORE, "com.example.app").expires(expiry).build(), 400,
                "unsuitable_profile", "expired on " + expiry.toString().substring(0, 10)
                        + "; download a new one from the Apple Developer portal");
    }

    @Test
    void uuidThatIsNoUuid() {
        assertRefused(AppleTestPki.profile(ProfileType.APP_STORE, "com.example.app").uuid("../../Library/evil").build(),
                400, "invalid_profile", "UUID is not a UUID");
    }

    @Test
    void fileOverTheProfileLimitButWithinTheBodyLimit() {
        assertRefused(new byte[ProfileReader.MAX_SIZE + 1], 413, "too_large", "a provisioning profile is at most");
    }

    @Test
    void hugeFile() {
        assertRefused(new byte[ProfileRoutes.MAX_UPLOAD + 1], 413, "too_large", "The request body is larger than");
    }

    @Test
    void nulInATextFieldOfABinaryPlist() throws Exception {
        NSDictionary plist = plist(AppleTestPki.profile(ProfileType.APP_STORE, "com.example.app"));
        plist.put("Name", "Example\0App");
        assertRefused(AppleTestPki.signed(binary(plist)), 400, "invalid_profile", "Name contains a NUL character");
        plist.put("Name", "Example App");
        plist.put("TeamIdentifier", new NSArray(NSObject.fromJavaObject("A1B2\0C3D4E5")));
        assertRefused(AppleTestPki.signed(binary(plist)), 400, "invalid_profile", "TeamIdentifier contains a NUL character");
    }

    @Test
    void nulInAnXmlPlist() {
        String xml = new String(AppleTestPki.profile(ProfileType.APP_STORE, "com.example.app").name("Example NAME").plist(),
                StandardCharsets.UTF_8).replace("Example NAME", "Example&#0;App");
        assertRefused(AppleTestPki.signed(xml.getBytes(StandardCharsets.UTF_8)), 400, "invalid_profile",
                "is not a property list: line ");
    }

    @Test
    void textThatIsNotUtf8() {
        String xml = new String(AppleTestPki.profile(ProfileType.APP_STORE, "com.example.app").name("Exampl\u00e9").plist(),
                StandardCharsets.UTF_8);
        assertRefused(AppleTestPki.signed(xml.getBytes(StandardCharsets.ISO_8859_1)), 400, "invalid_profile",
                "is not a property list: line ");
    }

    /** An XML external entity: refused before any parser could read the file or the address it names. */
    @Test
    void externalEntityIsNeitherReadNorFetched() throws Exception {
        Path folder = Files.createTempDirectory("xxe");
        Path secret = Files.writeString(folder.resolve("secret.txt"), "SECRET-FROM-THE-SERVICE-DISK");
        try (ServerSocket listener = new ServerSocket(0)) {
            listener.setSoTimeout(500);
            String xml = new String(AppleTestPki.profile(ProfileType.APP_STORE, "com.example.app").name("NAME").plist(),
                    StandardCharsets.UTF_8)
                    .replaceFirst("<!DOCTYPE plist [^>]*>", "<!DOCTYPE plist [<!ENTITY file SYSTEM \"" + secret.toUri()
                            + "\"><!ENTITY web SYSTEM \"http://127.0.0.1:" + listener.getLocalPort() + "/entity\">]>")
                    .replace("NAME", "&file;&web;");
            Http.Answer answer = assertRefused(AppleTestPki.signed(xml.getBytes(StandardCharsets.UTF_8)), 400,
                    "invalid_profile", "declares XML entities");
            assertThat(answer.text()).doesNotContain("SECRET");
            try {
                listener.accept().close();
                throw new AssertionError("The service fetched the entity's address");
            } catch (SocketTimeoutException expected) {
                // Nobody asked for the address.
            }
        } finally {
            TempFolders.delete(folder);
        }
    }

    /** Behind our refusal, dd-plist itself leaves external entities unread: a second wall, proved here. */
    @Test
    void thePlistLibraryLeavesExternalEntitiesUnread() throws Exception {
        Path folder = Files.createTempDirectory("xxe");
        try {
            Path secret = Files.writeString(folder.resolve("secret.txt"), "SECRET");
            String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE plist [<!ENTITY file SYSTEM \""
                    + secret.toUri() + "\">]>\n<plist version=\"1.0\"><dict><key>Name</key><string>A&file;B</string>"
                    + "</dict></plist>";
            NSDictionary parsed = (NSDictionary) PropertyListParser.parse(xml.getBytes(StandardCharsets.UTF_8));
            assertThat(parsed.objectForKey("Name").toJavaObject()).isEqualTo("AB");
        } finally {
            TempFolders.delete(folder);
        }
    }

    private static Http.Answer assertRefused(byte[] file, int status, String error, String message) {
        for (Http.Answer answer : new Http.Answer[] {
            service.http.upload("POST", ProfileApiTest.PROFILES, admin, "file", file, Map.of()),
            service.http.upload("PUT", ProfileApiTest.PROFILES + "/any-id", admin, "file", file, Map.of())}) {
            assertThat(answer.status()).as(answer.text()).isEqualTo(status);
            JsonNode body = answer.json();
            assertThat(body.get("error").asText()).isEqualTo(error);
            assertThat(body.get("message").asText()).contains(message);
        }
        return service.http.upload("POST", ProfileApiTest.PROFILES, admin, "file", file, Map.of());
    }

    private static NSDictionary plist(AppleTestPki.Profile profile) throws Exception {
        return (NSDictionary) PropertyListParser.parse(profile.plist());
    }

    private static byte[] binary(NSDictionary plist) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryPropertyListWriter.write(out, plist);
        return out.toByteArray();
    }
}
