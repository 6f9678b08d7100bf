package io.signingmanager.packaging.helm;

import static io.signingmanager.packaging.helm.HelmChartTest.container;
import static io.signingmanager.packaging.helm.HelmChartTest.secretRef;
import static io.signingmanager.packaging.helm.HelmChartTest.volume;
import static io.signingmanager.packaging.helm.RenderedChart.CHART;
import static io.signingmanager.packaging.helm.RenderedChart.render;
import static io.signingmanager.packaging.helm.RenderedChart.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chart's refusals, its existing-Secret, TLS and backups options, the made master key, the Ingress and NOTES. */
class HelmChartOptionsTest {
    private static final Map<String, Object> POSTGRESQL = Map.of(
            "database.url", "jdbc:postgresql://db:5432/signing", "database.user", "signing",
            "database.existingSecret", "db", "masterKey.existingSecret", "key");

    @Test
    void severalReplicasWithoutPostgresqlAreRefusedByTheChartItself() {
        assertThatThrownBy(() -> render(Map.of("replicaCount", 3)))
                .hasMessageContaining("replicaCount is 3, but more than one replica needs an external PostgreSQL "
                        + "(database.url): the embedded H2 lives in one pod's volume");
        assertThatThrownBy(() -> render(Map.of("replicaCount", 2, "database.url", "jdbc:h2:/var/lib/x",
                "database.existingSecret", "db")))
                .hasMessageContaining("database.url must be a PostgreSQL JDBC URL");
        assertThatThrownBy(() -> render(Map.of("replicaCount", 0))).as("the schema")
                .hasMessageContaining("replicaCount");
    }

    @Test
    void secretsAreRefusedWhereTheyWouldBePlainText() {
        assertThatThrownBy(() -> render(Map.of("env.SIGNING_SERVICE_TLS_PKCS12_PASSWORD", "x")))
                .hasMessageContaining("env.SIGNING_SERVICE_TLS_PKCS12_PASSWORD looks like a secret and would land in a ConfigMap");
        assertThatThrownBy(() -> render(Map.of("masterKey.value", Base64.getEncoder().encodeToString(new byte[16]))))
                .hasMessageContaining("masterKey.value must be base64 of 32 bytes");
        assertThatThrownBy(() -> render(Map.of("database.url", "jdbc:postgresql://db/signing")))
                .hasMessageContaining("database.password (or database.existingSecret) is needed with database.url");

        ConfigMap config = render(Map.of("env.SIGNING_SERVICE_LICENSE_ISSUER", "/etc/issuer.pub")).one(ConfigMap.class);
        assertThat(config.getData()).containsEntry("SIGNING_SERVICE_LICENSE_ISSUER", "/etc/issuer.pub");
    }

    @Test
    void existingSecretsAreUsedUnderTheirOwnKeys() {
        RenderedChart chart = render(Map.of("masterKey.existingSecret", "vault-key", "masterKey.secretKey", "k",
                "database.url", "jdbc:postgresql://db:5432/signing", "database.existingSecret", "vault-db",
                "database.secretKey", "pw"));

        assertThat(chart.all(Secret.class)).isEmpty();
        Deployment deployment = chart.one(Deployment.class);
        assertThat(secretRef(deployment, "SIGNING_SERVICE_MASTER_KEY").getName()).isEqualTo("vault-key");
        assertThat(secretRef(deployment, "SIGNING_SERVICE_MASTER_KEY").getKey()).isEqualTo("k");
        assertThat(secretRef(deployment, "SIGNING_SERVICE_DATABASE_PASSWORD").getName()).isEqualTo("vault-db");
        assertThat(secretRef(deployment, "SIGNING_SERVICE_DATABASE_PASSWORD").getKey()).isEqualTo("pw");
    }

    /**
     * A master key the chart makes is a pre-install hook, which {@code helm template} leaves out of its
     * manifest (Helm installs hooks apart). So this renders a copy of the chart without that one line
     * to read the Secret: 32 random bytes in base64, as the service requires, new at each render, and a
     * delete policy that never deletes it (Helm's default would delete one left by an earlier install).
     */
    @Test
    void aMadeMasterKeyIsThirtyTwoRandomBytesCreatedOnlyAtInstall(@TempDir Path copy) throws IOException {
        Path secrets = CHART.resolve("templates/secrets.yaml");
        assertThat(Files.readString(secrets)).contains("    helm.sh/hook: pre-install\n");
        copyChart(copy);
        Path copied = copy.resolve("templates/secrets.yaml");
        Files.writeString(copied, Files.readString(copied).replace("    helm.sh/hook: pre-install\n", ""));

        RenderedChart first = RenderedChart.render(copy, null, Map.of());
        Secret made = first.secret("signing-signing-service-master-key");
        assertThat(made.getMetadata().getAnnotations()).containsEntry("helm.sh/hook-delete-policy", "hook-failed");
        String key = value(made, "master-key");
        assertThat(Base64.getDecoder().decode(key)).hasSize(32);
        assertThat(value(RenderedChart.render(copy, null, Map.of()).secret("signing-signing-service-master-key"),
                "master-key")).isNotEqualTo(key);
        assertThat(secretRef(first.one(Deployment.class), "SIGNING_SERVICE_MASTER_KEY").getName())
                .isEqualTo("signing-signing-service-master-key");
        assertThat(render(Map.of()).all(Secret.class)).as("the real chart: a hook, not in the manifest").isEmpty();
    }

    @Test
    void ownTlsCertificateIsMountedFromItsSecret() {
        RenderedChart chart = render(Map.of("tls.existingSecret", "signing-tls"));

        Deployment deployment = chart.one(Deployment.class);
        assertThat(volume(deployment, "tls").getSecret().getSecretName()).isEqualTo("signing-tls");
        assertThat(volume(deployment, "tls").getSecret().getDefaultMode()).isEqualTo(0440);
        assertThat(container(deployment).getVolumeMounts()).anySatisfy(mount -> {
            assertThat(mount.getMountPath()).isEqualTo("/etc/signing-service/tls");
            assertThat(mount.getReadOnly()).isTrue();
        });
        assertThat(chart.one(ConfigMap.class).getData())
                .containsEntry("SIGNING_SERVICE_TLS_CERTIFICATE", "/etc/signing-service/tls/tls.crt")
                .containsEntry("SIGNING_SERVICE_TLS_KEY", "/etc/signing-service/tls/tls.key");
    }

    @Test
    void aBackupsClaimIsMountedWhereScheduledBackupsGo() {
        Deployment deployment = render(Map.of("backups.existingClaim", "signing-backups")).one(Deployment.class);

        assertThat(volume(deployment, "backups").getPersistentVolumeClaim().getClaimName()).isEqualTo("signing-backups");
        assertThat(container(deployment).getVolumeMounts()).anySatisfy(mount -> {
            assertThat(mount.getName()).isEqualTo("backups");
            assertThat(mount.getMountPath()).isEqualTo("/var/backups/signing-service");
        });
        assertThat(container(render(Map.of()).one(Deployment.class)).getVolumeMounts()).as("none by default")
                .noneMatch(mount -> mount.getName().equals("backups"));
    }

    @Test
    void ingressPassesTlsThroughOrReencryptsToTheService() {
        RenderedChart passthrough = render(Map.of("ingress.enabled", true, "ingress.host", "sign.example.org"));
        Ingress ingress = passthrough.one(Ingress.class);
        assertThat(ingress.getMetadata().getAnnotations())
                .containsEntry("nginx.ingress.kubernetes.io/ssl-passthrough", "true")
                .containsEntry("nginx.ingress.kubernetes.io/backend-protocol", "HTTPS");
        assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
        assertThat(ingress.getSpec().getTls()).singleElement().satisfies(tls -> assertThat(tls.getSecretName()).isNull());
        assertBackendIsTheService(passthrough, ingress);

        RenderedChart reencrypt = render(Map.of("ingress.enabled", true, "ingress.mode", "reencrypt",
                "ingress.tlsSecret", "public-cert", "trustedProxies", "10.42.0.0/16"));
        Ingress second = reencrypt.one(Ingress.class);
        assertThat(second.getMetadata().getAnnotations())
                .containsEntry("nginx.ingress.kubernetes.io/backend-protocol", "HTTPS")
                .doesNotContainKey("nginx.ingress.kubernetes.io/ssl-passthrough");
        assertThat(second.getSpec().getTls()).singleElement()
                .satisfies(tls -> assertThat(tls.getSecretName()).isEqualTo("public-cert"));
        assertThat(reencrypt.one(ConfigMap.class).getData()).containsEntry("SIGNING_SERVICE_TRUSTED_PROXIES", "10.42.0.0/16");
        assertBackendIsTheService(reencrypt, second);

        assertThatThrownBy(() -> render(Map.of("ingress.enabled", true, "ingress.mode", "reencrypt")))
                .hasMessageContaining("ingress.tlsSecret is needed in reencrypt mode");
        assertThatThrownBy(() -> render(Map.of("ingress.enabled", true, "ingress.mode", "terminate")))
                .as("the schema").hasMessageContaining("/ingress/mode");
    }

    /** NOTES.txt as {@code helm install --dry-run=client} prints it: the safe way to the first sign-in. */
    @Test
    void notesTellHowToReachTheFirstSignInSafely() {
        String notes = new Helm(CHART).install().withName(RenderedChart.RELEASE).withNamespace(RenderedChart.NAMESPACE)
                .clientOnly().withDryRunOption(DryRun.CLIENT).call().getOutput();

        assertThat(notes).contains("answers only its own machine (loopback)",
                "connects through the pod's own loopback",
                "kubectl --namespace signing-ns port-forward deployment/signing-signing-service 3000:3000",
                "https://localhost:3000", "admin / change_password",
                "kubectl --namespace signing-ns get secret signing-signing-service-master-key");

        String several = new Helm(CHART).install().withName(RenderedChart.RELEASE).withNamespace(RenderedChart.NAMESPACE)
                .clientOnly().withDryRunOption(DryRun.CLIENT).withValuesFile(RenderedChart.POSTGRESQL_VALUES).call()
                .getOutput();
        assertThat(several).contains("3 replica(s), PostgreSQL", "each of the 3 replicas makes its own self-signed",
                "from the Secret signing-master-key");
    }

    @Test
    void postgresqlOnOneReplicaNeedsNoVolumeClaim() {
        RenderedChart chart = render(POSTGRESQL);
        assertThat(chart.kinds()).containsExactly("ConfigMap", "Deployment", "Service");
        assertThat(volume(chart.one(Deployment.class), "data").getEmptyDir()).isNotNull();
    }

    private static void assertBackendIsTheService(RenderedChart chart, Ingress ingress) {
        Service service = chart.one(Service.class);
        IngressBackend backend = ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend();
        assertThat(backend.getService().getName()).isEqualTo(service.getMetadata().getName());
        assertThat(backend.getService().getPort().getName()).isEqualTo(service.getSpec().getPorts().get(0).getName());
    }

    private static void copyChart(Path target) throws IOException {
        try (Stream<Path> files = Files.walk(CHART)) {
            for (Path file : files.toList()) {
                Path to = target.resolve(CHART.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(file, to);
                }
            }
        }
    }
}
