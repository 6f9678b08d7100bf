package io.signingmanager.service.apple;

import com.dd.plist.NSArray;
import com.dd.plist.NSData;
import com.dd.plist.NSDate;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSNumber;
import com.dd.plist.NSObject;
import com.dd.plist.NSString;
import com.dd.plist.PropertyListParser;
import com.dd.plist.XMLPropertyListParser;
import io.signingmanager.common.crypto.Certificates;
import io.signingmanager.common.protocol.ErrorCode;
import io.signingmanager.service.failure.Refusal;
import io.signingmanager.service.storage.StorableText;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignerDigestMismatchException;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.util.Selector;
import org.w3c.dom.Document;
import org.w3c.dom.DocumentType;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXParseException;

/**
 * Reads a provisioning profile file ({@code .provisionprofile}, {@code .mobileprovision}): a DER CMS
 * SignedData whose content is an XML plist. The signature must verify with the signer's certificate
 * in the file (the file is whole and unchanged); whose certificate that is (Apple's) is not checked
 * here. Every problem is an {@code invalid_profile} refusal that says what is wrong.
 */
public final class ProfileReader {
    /** Profiles are a few to a few hundred KiB (one line per device); more is not a profile. */
    public static final int MAX_SIZE = 1024 * 1024;

    /** Apple's UUIDs; checked because the file is saved under this name on build machines. */
    private static final Pattern UUID_FORM = Pattern.compile("[0-9A-Fa-f]{8}(-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}");
    /** XML errors become the refusal's words rather than lines the JDK's parser prints on standard error. */
    private static final ErrorHandler QUIET = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
            // Warnings do not stop the parse and say nothing the refusal needs.
        }

        @Override
        public void error(SAXParseException e) throws SAXParseException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXParseException {
            throw e;
        }
    };
    private static final List<String> REQUIRED = List.of("UUID", "Name", "TeamIdentifier", "CreationDate",
            "ExpirationDate", "Platform", "DeveloperCertificates", "Entitlements");

    private ProfileReader() {
    }

    public static ProvisioningProfile read(byte[] file) throws Refusal {
        if (file.length > MAX_SIZE) {
            throw new Refusal(ErrorCode.TOO_LARGE, "The file is " + file.length + " bytes; a provisioning profile is at most "
                    + MAX_SIZE + " bytes");
        }
        NSDictionary plist = plist(signedContent(file));
        List<String> missing = REQUIRED.stream().filter(key -> !plist.containsKey(key)).toList();
        if (!missing.isEmpty()) {
            throw invalid("The profile's plist lacks " + String.join(", ", missing));
        }
        String uuid = string(plist, "UUID");
        if (!UUID_FORM.matcher(uuid).matches()) {
            throw invalid("The profile's UUID is not a UUID (hexadecimal digits grouped 8-4-4-4-12)");
        }
        NSDictionary entitlements = value(plist, "Entitlements", NSDictionary.class);
        boolean getTaskAllow = entitlements.containsKey("get-task-allow")
                && value(entitlements, "get-task-allow", NSNumber.class).boolValue();
        String applicationIdentifier = entitlements.containsKey("com.apple.application-identifier")
                ? string(entitlements, "com.apple.application-identifier")
                : entitlements.containsKey("application-identifier") ? string(entitlements, "application-identifier") : null;
        if (applicationIdentifier == null || applicationIdentifier.isBlank()) {
            throw invalid("The profile's entitlements have no application identifier");
        }
        List<String> platforms = strings(plist, "Platform");
        int deviceCount = plist.containsKey("ProvisionedDevices") ? strings(plist, "ProvisionedDevices").size() : 0;
        boolean allDevices = plist.containsKey("ProvisionsAllDevices")
                && value(plist, "ProvisionsAllDevices", NSNumber.class).boolValue();
        List<String> teams = strings(plist, "TeamIdentifier");
        if (teams.isEmpty()) {
            throw invalid("The profile's TeamIdentifier is empty");
        }
        return new ProvisioningProfile(
                uuid,
                string(plist, "Name"),
                teams.get(0),
                plist.containsKey("TeamName") ? string(plist, "TeamName") : null,
                plist.containsKey("AppIDName") ? string(plist, "AppIDName") : null,
                applicationIdentifier,
                platforms,
                type(plist.containsKey("ProvisionedDevices"), getTaskAllow, allDevices, platforms),
                date(plist, "CreationDate"),
                date(plist, "ExpirationDate"),
                certificates(plist),
                deviceCount,
                javaValues(entitlements));
    }

    private static ProfileType type(boolean devices, boolean getTaskAllow, boolean allDevices, List<String> platforms) {
        if (devices) {
            return getTaskAllow ? ProfileType.DEVELOPMENT : ProfileType.AD_HOC;
        }
        if (allDevices) {
            return platforms.contains(ProvisioningProfile.MAC_OS) ? ProfileType.DEVELOPER_ID : ProfileType.IN_HOUSE;
        }
        return ProfileType.APP_STORE;
    }

    /** The CMS content, after checking the signature over it. */
    @SuppressWarnings("unchecked")
    private static byte[] signedContent(byte[] file) throws Refusal {
        CMSSignedData signed;
        try {
            signed = new CMSSignedData(file);
        } catch (CMSException | RuntimeException e) {
            throw invalid("The file is not a provisioning profile: it is not a CMS signed message (PKCS#7 DER)");
        }
        if (signed.getSignedContent() == null || !(signed.getSignedContent().getContent() instanceof byte[] content)) {
            throw invalid("The profile's signed message holds no content; a profile holds a plist");
        }
        Collection<SignerInformation> signers = signed.getSignerInfos().getSigners();
        if (signers.isEmpty()) {
            throw invalid("The profile is not signed");
        }
        for (SignerInformation signer : signers) {
            Collection<X509CertificateHolder> holders =
                    signed.getCertificates().getMatches((Selector<X509CertificateHolder>) signer.getSID());
            if (holders.isEmpty()) {
                throw invalid("The profile's signer certificate is not in the file");
            }
            boolean verified;
            try {
                verified = signer.verify(new JcaSimpleSignerInfoVerifierBuilder().build(holders.iterator().next()));
            } catch (CMSSignerDigestMismatchException e) {
                verified = false;
            } catch (Exception e) {
                throw invalid("The profile's signature cannot be checked: " + e.getMessage());
            }
            if (!verified) {
                throw invalid("The profile's signature does not verify: the file was changed after it was signed");
            }
        }
        return content;
    }

    private static NSDictionary plist(byte[] content) throws Refusal {
        NSObject parsed;
        try {
            parsed = parse(content);
        } catch (Refusal e) {
            throw e;
        } catch (SAXParseException e) {
            throw invalid("The profile's content is not a property list: line " + e.getLineNumber() + ": " + e.getMessage());
        } catch (Exception e) {
            throw invalid("The profile's content is not a property list" + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
        if (!(parsed instanceof NSDictionary dictionary)) {
            throw invalid("The profile's plist is not a dictionary");
        }
        return dictionary;
    }

    /**
     * Binary and ASCII plists by dd-plist alone; XML (what Apple writes) through dd-plist's own XML
     * parser (which resolves no entity), first refusing a DOCTYPE that declares anything itself: that
     * is how external entities come in, and Apple's profiles never do it.
     */
    private static NSObject parse(byte[] content) throws Exception {
        String start = new String(content, 0, Math.min(content.length, 16), StandardCharsets.ISO_8859_1).strip();
        if (start.startsWith("bplist") || start.startsWith("{") || start.startsWith("(")) {
            return PropertyListParser.parse(content);
        }
        DocumentBuilder builder = XMLPropertyListParser.getDocBuilder();
        builder.setErrorHandler(QUIET);
        Document document = builder.parse(new ByteArrayInputStream(content));
        DocumentType doctype = document.getDoctype();
        if (doctype != null && doctype.getInternalSubset() != null && !doctype.getInternalSubset().isBlank()) {
            throw invalid("The profile's plist declares XML entities or other DTD content of its own; Apple's "
                    + "profiles never do, and the service does not read them");
        }
        return XMLPropertyListParser.parse(document);
    }

    private static List<byte[]> certificates(NSDictionary plist) throws Refusal {
        List<byte[]> certificates = new ArrayList<>();
        for (NSObject item : value(plist, "DeveloperCertificates", NSArray.class).getArray()) {
            if (!(item instanceof NSData data)) {
                throw invalid("The profile's DeveloperCertificates holds something other than certificates");
            }
            try {
                X509Certificate certificate = Certificates.parse(data.bytes());
                certificates.add(certificate.getEncoded());
            } catch (Exception e) {
                throw invalid("The profile's DeveloperCertificates holds data that is not an X.509 certificate");
            }
        }
        return certificates;
    }

    private static <T extends NSObject> T value(NSDictionary plist, String key, Class<T> type) throws Refusal {
        NSObject value = plist.objectForKey(key);
        if (!type.isInstance(value)) {
            throw invalid("The profile's " + key + " is not " + kind(type));
        }
        return type.cast(value);
    }

    private static String string(NSDictionary plist, String key) throws Refusal {
        String text = storable(key, value(plist, key, NSString.class).getContent());
        if (text.isBlank()) {
            throw invalid("The profile's " + key + " is empty");
        }
        return text;
    }

    private static List<String> strings(NSDictionary plist, String key) throws Refusal {
        List<String> strings = new ArrayList<>();
        for (NSObject item : value(plist, key, NSArray.class).getArray()) {
            if (!(item instanceof NSString text)) {
                throw invalid("The profile's " + key + " holds something other than text");
            }
            strings.add(storable(key, text.getContent()));
        }
        return strings;
    }

    /** Text the databases can store as it is (no NUL, no lone surrogate: binary plists can hold both). */
    private static String storable(String key, String text) throws Refusal {
        String problem = StorableText.problem(text);
        if (problem != null) {
            throw invalid("The profile's " + key + " " + problem);
        }
        return text;
    }

    private static Instant date(NSDictionary plist, String key) throws Refusal {
        return value(plist, key, NSDate.class).getDate().toInstant();
    }

    private static Map<String, Object> javaValues(NSDictionary dictionary) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String key : dictionary.allKeys()) {
            values.put(key, javaValue(dictionary.objectForKey(key)));
        }
        return values;
    }

    private static Object javaValue(NSObject value) {
        if (value instanceof NSDictionary dictionary) {
            return javaValues(dictionary);
        }
        if (value instanceof NSArray array) {
            return Arrays.stream(array.getArray()).map(ProfileReader::javaValue).toList();
        }
        return value.toJavaObject();
    }

    private static String kind(Class<?> type) {
        return switch (type.getSimpleName()) {
            case "NSDictionary" -> "a dictionary";
            case "NSArray" -> "a list";
            case "NSDate" -> "a date";
            case "NSNumber" -> "a boolean or number";
            default -> "text";
        };
    }

    private static Refusal invalid(String message) {
        return new Refusal(ErrorCode.INVALID_PROFILE, message);
    }
}
