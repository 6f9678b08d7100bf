package io.signingmanager.manager.ui.certificates;

import io.signingmanager.common.crypto.CertificateDescription;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.geometry.HPos;
import javafx.geometry.VPos;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/** One certificate's fields as Show Certificate lists them; values are selectable so they can be copied. */
final class CertificateDetails {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.LONG)
            .withZone(ZoneId.systemDefault());
    private static final Map<String, String> NAME_PARTS = Map.ofEntries(Map.entry("CN", "Common Name"),
            Map.entry("O", "Organization"), Map.entry("OU", "Organizational Unit"), Map.entry("C", "Country"),
            Map.entry("L", "Locality"), Map.entry("ST", "State/Province"), Map.entry("STREET", "Street"),
            Map.entry("DC", "Domain Component"), Map.entry("UID", "User ID"),
            Map.entry("1.2.840.113549.1.9.1", "Email Address"));

    private final GridPane grid = new GridPane();
    private int rows;

    private CertificateDetails() {
        ColumnConstraints names = new ColumnConstraints();
        names.setHalignment(HPos.RIGHT);
        names.setMinWidth(150);
        ColumnConstraints values = new ColumnConstraints();
        values.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().setAll(names, values);
        grid.getStyleClass().add("certificate-details");
    }

    /** {@code chain}: the certificate to show first, then its issuer and so on, as the service sent them. */
    static VBox of(List<X509Certificate> chain) {
        CertificateDescription d = CertificateDescription.of(chain.get(0));
        CertificateDetails details = new CertificateDetails();
        details.section("Subject Name");
        details.distinguishedName(d.subject());
        details.section("Issuer Name");
        details.distinguishedName(d.issuer());
        details.section("Validity");
        details.row("Not Valid Before", WHEN.format(d.notBefore()), false);
        details.row("Not Valid After", WHEN.format(d.notAfter()), false);
        details.section("Details");
        details.row("Serial Number", d.serialNumber(), true);
        details.row("Version", String.valueOf(d.version()), false);
        details.row("Signature Algorithm", d.signatureAlgorithm(), false);
        details.row("Public Key", d.publicKey(), false);
        details.section("Fingerprints");
        details.row("SHA-1", d.sha1(), true);
        details.row("SHA-256", d.sha256(), true);
        details.section("Extensions");
        details.row("Basic Constraints", d.basicConstraints(), false);
        details.list("Key Usage", d.keyUsage());
        details.list("Extended Key Usage", d.extendedKeyUsage());
        details.list("Subject Alternative Names", d.subjectAlternativeNames());
        VBox page = new VBox(header(d, CertificateCheck.of(chain, Instant.now())), details.grid);
        page.getStyleClass().add("certificate-page");
        return page;
    }

    private static VBox header(CertificateDescription d, CertificateCheck check) {
        Label title = new Label(commonName(d.subject()));
        title.getStyleClass().add("certificate-title");
        Label issuer = new Label("Issued by: " + commonName(d.issuer()));
        Label expiry = new Label("Expires: " + WHEN.format(d.notAfter()));
        Label verdict = new Label(check.verdict());
        verdict.setId("certificate-verdict");
        verdict.getStyleClass().add(check.passed() ? "valid" : "expired");
        Label checked = new Label(check.checked());
        checked.setId("certificate-checked");
        checked.getStyleClass().add("hint");
        checked.setWrapText(true);
        VBox header = new VBox(2, title, issuer, expiry, verdict, checked);
        header.getStyleClass().add("certificate-header");
        return header;
    }

    /** The name's common name, or the whole name when it has none. */
    private static String commonName(String name) {
        try {
            return new LdapName(name).getRdns().stream().filter(rdn -> rdn.getType().equalsIgnoreCase("CN"))
                    .map(rdn -> rdn.getValue().toString()).findFirst().orElse(name);
        } catch (InvalidNameException e) {
            return name;
        }
    }

    private void section(String title) {
        Label label = new Label(title);
        label.getStyleClass().add("details-section");
        GridPane.setHalignment(label, HPos.LEFT);
        grid.add(label, 0, rows++, 2, 1);
    }

    private void distinguishedName(String name) {
        try {
            List<Rdn> parts = new LdapName(name).getRdns();
            // An LDAP name lists its parts from the right; people read a subject from the left.
            for (int i = parts.size() - 1; i >= 0; i--) {
                Rdn part = parts.get(i);
                row(NAME_PARTS.getOrDefault(part.getType().toUpperCase(Locale.ROOT), part.getType()),
                        String.valueOf(part.getValue()), false);
            }
        } catch (InvalidNameException e) {
            row("Name", name, false);
        }
    }

    private void list(String name, List<String> values) {
        if (!values.isEmpty()) {
            row(name, String.join(", ", values), false);
        }
    }

    private void row(String name, String value, boolean monospace) {
        Label label = new Label(name);
        label.getStyleClass().add("details-name");
        TextField field = new TextField(value);
        GridPane.setValignment(label, VPos.BASELINE);
        GridPane.setValignment(field, VPos.BASELINE);
        field.setEditable(false);
        field.getStyleClass().add("read-only");
        if (monospace) {
            field.getStyleClass().add("fingerprint");
        }
        grid.addRow(rows++, label, field);
    }
}
