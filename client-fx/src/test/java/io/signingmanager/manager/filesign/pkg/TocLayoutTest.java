package io.signingmanager.manager.filesign.pkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signingmanager.service.testing.TestPki;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** The TOC edits alone, on TOCs written here: no tools needed. */
class TocLayoutTest {
    private static final List<X509Certificate> CHAIN = TestPki.issuedByCa("Installer", TestPki.rsaKeys(2048)).chain();

    /** A signed TOC as productsign leaves it: checksum, a 128-byte RSA signature, one file with an extended attribute. */
    private static final String SIGNED = """
            <?xml version="1.0" encoding="UTF-8"?>
            <xar>
             <toc>
              <checksum style="sha1">
               <offset>0</offset>
               <size>20</size>
              </checksum>
              <signature style="RSA">
               <offset>20</offset>
               <size>128</size>
               <KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#"><X509Data><X509Certificate>AAAA</X509Certificate></X509Data></KeyInfo>
              </signature>
              <file id="1">
               <name>Payload</name>
               <ea id="0"><name>com.apple.quarantine</name><offset>148</offset><length>10</length><size>10</size></ea>
               <data><offset>158</offset><length>100</length><size>100</size></data>
              </file>
             </toc>
            </xar>
            """;

    @Test
    void signaturesFollowTheChecksumAndEveryDataOffsetMovesByTheNewRoom() throws Exception {
        Document toc = FlatPackage.parse(SIGNED.getBytes(StandardCharsets.UTF_8));

        TocLayout.Shift shift = TocLayout.place(toc, TocChecksum.SHA1, 256, 3000, CHAIN);

        assertThat(shift).isEqualTo(new TocLayout.Shift(148, 20 + 256 + 3000));
        String xml = new String(FlatPackage.serialize(toc), StandardCharsets.UTF_8);
        assertThat(xml).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xar>");
        assertThat(xml).doesNotContain("AAAA", "<size>128</size>");
        assertThat(xml).containsSubsequence("<toc>\n  <signature-creation-time>", "<checksum style=\"sha1\">", "<offset>0</offset>", "<size>20</size>",
                "</checksum>\n  <signature style=\"RSA\">\n   <offset>20</offset>\n   <size>256</size>\n"
                        + "   <KeyInfo xmlns=\"http://www.w3.org/2000/09/xmldsig#\">\n    <X509Data>\n     <X509Certificate>",
                "<x-signature style=\"CMS\">\n   <offset>276</offset>\n   <size>3000</size>",
                "<file id=\"1\">", "<offset>" + (148 + 3128) + "</offset>", "<offset>" + (158 + 3128) + "</offset>");
        assertThat(xml.split("<X509Certificate>", -1)).hasSize(1 + 2 * CHAIN.size());
    }

    @Test
    void theCreationTimeCountsFrom2001AsApplesTimeDoes() {
        assertThat(TocLayout.creationTime(java.time.Instant.parse("2001-01-01T00:00:00Z"))).isEqualTo("0.0");
        assertThat(TocLayout.creationTime(java.time.Instant.parse("2026-12-04T15:23:08.150Z"))).isEqualTo("818090588.1");
    }

    @Test
    void aFileWhoseDataLiesInTheSignatureRoomIsRefused() throws Exception {
        Document toc = FlatPackage.parse(SIGNED.replace("<offset>158</offset>", "<offset>100</offset>").getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> TocLayout.place(toc, TocChecksum.SHA1, 256, 3000, CHAIN))
                .hasMessageContaining("a file's data lies within the TOC checksum or signature area");
    }

    @Test
    void aTocWithoutChecksumCannotBeSigned() throws Exception {
        Document toc = FlatPackage.parse("<xar><toc><file id=\"1\"/></toc></xar>".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> TocLayout.place(toc, TocChecksum.SHA1, 256, 3000, CHAIN))
                .hasMessageContaining("the TOC has no <checksum>");
    }
}
