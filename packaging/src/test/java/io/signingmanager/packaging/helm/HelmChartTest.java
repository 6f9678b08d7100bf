package io.signingmanager.packaging.helm;

import static io.signingmanager.packaging.helm.RenderedChart.CHART;
import static io.signingmanager.packaging.helm.RenderedChart.POSTGRESQL_VALUES;
import static io.signingmanager.packaging.helm.RenderedChart.render;
import static io.signingmanager.packaging.helm.RenderedChart.value;
import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a Kubernetes user checks before installing: the chart's two shapes (one replica on H2 with its
 * volume; three on PostgreSQL with a disruption budget), each rendered by Helm and read as objects.
 */
class HelmChartTest {
    private static final String MASTER_KEY = "q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=";
    private static final String DB_PASSWORD = "db password from the values";

    @Test
    void lintFindsNothingEvenStrict() {
        LintResult lint = new Helm(CHART).lint().strict().call();

        assertThat(lint.isFailed()).as("%s", lint.getMessages()).isFalse();
        assertThat(lint.getMessages()).allMatch(message -> message.startsWith("[INFO]"));
    }

    @Test
    void defaultValuesRunOneReplicaOnH2WithItsVolume() {
        RenderedChart chart = render(Map.of());

        assertThat(chart.kinds()).containsExactly("ConfigMap", "Deployment", "PersistentVolumeClaim", "Service");
        Deployment deployment = chart.one(Deployment.class);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
        assertThat(deployment.getSpec().getStrategy().getType()).as("the old pod lets go of the volume first")
                .isEqualTo("Recreate");
        PersistentVolumeClaim claim = chart.one(PersistentVolumeClaim.class);
        assertThat(claim.getMetadata().getAnnotations()).containsEntry("helm.sh/resource-policy", "keep");
        assertThat(volume(deployment, "data").getPersistentVolumeClaim().getClaimName())
                .isEqualTo(claim.getMetadata().getName());
        assertThat(chart.one(ConfigMap.class).getData()).doesNotContainKey("SIGNING_SERVICE_DATABASE_URL");
        assertThat(chart.all(PodDisruptionBudget.class)).as("one replica has nothing to keep available").isEmpty();
        assertThat(container(deployment).getImage()).isEqualTo("signing-service:" + projectVersion());
        assertThat(deployment.getMetadata().getLabels())
                .containsEntry("helm.sh/chart", "signing-service-" + projectVersion())
                .containsEntry("app.kubernetes.io/version", projectVersion());
        assertServesSafely(chart);
    }

    @Test
    void postgresqlValuesRunThreeReplicasWithSecretsMadeBeforehand() {
        RenderedChart chart = RenderedChart.render(CHART, POSTGRESQL_VALUES, Map.of());

        assertThat(chart.kinds()).containsExactly("ConfigMap", "Deployment", "PodDisruptionBudget", "Service");
        Deployment deployment = chart.one(Deployment.class);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
        assertThat(deployment.getSpec().getStrategy()).as("rolling, the default").isNull();
        assertThat(volume(deployment, "data").getEmptyDir()).as("each replica's own TLS identity").isNotNull();
        assertThat(chart.one(PodDisruptionBudget.class).getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        assertThat(chart.one(ConfigMap.class).getData())
                .containsEntry("SIGNING_SERVICE_DATABASE_URL", "jdbc:postgresql://postgresql.databases.svc:5432/signing")
                .containsEntry("SIGNING_SERVICE_DATABASE_USER", "signing");
        assertThat(secretRef(deployment, "SIGNING_SERVICE_MASTER_KEY"))
                .extracting(SecretKeySelector::getName, SecretKeySelector::getKey)
                .containsExactly("signing-master-key", "master-key");
        assertThat(secretRef(deployment, "SIGNING_SERVICE_DATABASE_PASSWORD"))
                .extracting(SecretKeySelector::getName, SecretKeySelector::getKey)
                .containsExactly("signing-database", "password");
        assertThat(chart.all(Secret.class)).as("the existing Secrets are used, none made").isEmpty();
        assertServesSafely(chart);
    }

    @Test
    void secretsGivenInTheValuesLandInSecretsAndNowhereElse() {
        RenderedChart chart = RenderedChart.render(CHART, POSTGRESQL_VALUES, Map.of(
                "masterKey.existingSecret", "", "masterKey.value", MASTER_KEY,
                "database.existingSecret", "", "database.password", DB_PASSWORD));

        Deployment deployment = chart.one(Deployment.class);
        SecretKeySelector masterKey = secretRef(deployment, "SIGNING_SERVICE_MASTER_KEY");
        Secret masterKeySecret = chart.secret(masterKey.getName());
        assertThat(value(masterKeySecret, masterKey.getKey())).isEqualTo(MASTER_KEY);
        assertThat(masterKeySecret.getMetadata().getAnnotations()).as("a given key is an ordinary Secret")
                .containsEntry("helm.sh/resource-policy", "keep").doesNotContainKey("helm.sh/hook");
        SecretKeySelector password = secretRef(deployment, "SIGNING_SERVICE_DATABASE_PASSWORD");
        assertThat(value(chart.secret(password.getName()), password.getKey())).isEqualTo(DB_PASSWORD);

        String everythingButSecrets = chart.objects().stream().filter(o -> !(o instanceof Secret))
                .map(io.fabric8.kubernetes.client.utils.Serialization::asYaml).reduce("", String::concat);
        assertThat(everythingButSecrets).doesNotContain(MASTER_KEY, DB_PASSWORD);
        assertServesSafely(chart);
    }

    /** The checks both shapes share: probes, resources, the restricted pod, secrets, matching labels. */
    private static void assertServesSafely(RenderedChart chart) {
        Deployment deployment = chart.one(Deployment.class);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container container = container(deployment);

        assertThat(container.getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getName()).isEqualTo("https");
            assertThat(port.getContainerPort()).isEqualTo(3000);
        });
        assertHttpsProbe(container.getReadinessProbe(), "/api/v1/version");
        assertHttpsProbe(container.getLivenessProbe(), "/static/style.css");
        assertHttpsProbe(container.getStartupProbe(), "/static/style.css");
        assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(container.getResources().getLimits()).containsEntry("memory", new Quantity("1Gi"));

        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).as("the image's user").isEqualTo(10001L);
        assertThat(pod.getSecurityContext().getFsGroup()).isEqualTo(10001L);
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        var restricted = container.getSecurityContext();
        assertThat(restricted.getRunAsNonRoot()).isTrue();
        assertThat(restricted.getRunAsUser()).isEqualTo(10001L);
        assertThat(restricted.getAllowPrivilegeEscalation()).isFalse();
        assertThat(restricted.getReadOnlyRootFilesystem()).isTrue();
        assertThat(restricted.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(restricted.getCapabilities().getAdd()).isNullOrEmpty();
        assertThat(restricted.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(container.getVolumeMounts()).extracting(m -> m.getMountPath() + " <- " + m.getName())
                .contains("/var/lib/signing-service <- data", "/tmp <- tmp");
        assertThat(volume(deployment, "tmp").getEmptyDir()).isNotNull();

        ConfigMap config = chart.one(ConfigMap.class);
        assertThat(container.getEnvFrom()).singleElement()
                .satisfies(from -> assertThat(from.getConfigMapRef().getName()).isEqualTo(config.getMetadata().getName()));
        assertThat(config.getData()).containsEntry("SIGNING_SERVICE_PORT", "3000")
                .as("a folder inside the volume, whose root fsGroup makes group-writable")
                .containsEntry("SIGNING_SERVICE_DATA", "/var/lib/signing-service/data");
        assertThat(config.getData().keySet()).noneMatch(name -> name.matches(".*(PASSWORD|MASTER_KEY|TLS_KEY).*"));
        assertThat(container.getEnv()).allSatisfy(env -> assertThat(env.getValueFrom().getSecretKeyRef())
                .as("%s comes from a Secret", env.getName()).isNotNull());
        assertThat(container.getEnv()).extracting(EnvVar::getName).contains("SIGNING_SERVICE_MASTER_KEY");

        assertLabelsAndSelectorsMatch(chart, deployment);
    }

    private static void assertLabelsAndSelectorsMatch(RenderedChart chart, Deployment deployment) {
        Map<String, String> selector = deployment.getSpec().getSelector().getMatchLabels();
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        assertThat(selector).containsEntry("app.kubernetes.io/name", "signing-service")
                .containsEntry("app.kubernetes.io/instance", RenderedChart.RELEASE);
        assertThat(podLabels).containsAllEntriesOf(selector);

        Service service = chart.one(Service.class);
        assertThat(service.getSpec().getSelector()).isEqualTo(selector);
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getPort()).isEqualTo(3000);
            assertThat(port.getTargetPort().getStrVal()).isEqualTo(container(deployment).getPorts().get(0).getName());
            assertThat(port.getAppProtocol()).isEqualTo("https");
        });
        for (PodDisruptionBudget budget : chart.all(PodDisruptionBudget.class)) {
            assertThat(budget.getSpec().getSelector().getMatchLabels()).isEqualTo(selector);
        }
        for (HasMetadata object : chart.objects()) {
            assertThat(object.getMetadata().getLabels()).as(object.getKind()).containsAllEntriesOf(selector)
                    .containsEntry("app.kubernetes.io/managed-by", "Helm");
        }
    }

    private static void assertHttpsProbe(Probe probe, String path) {
        assertThat(probe).isNotNull();
        assertThat(probe.getHttpGet().getScheme()).isEqualTo("HTTPS");
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("https");
    }

    static Container container(Deployment deployment) {
        List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    static Volume volume(Deployment deployment, String name) {
        return deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals(name)).findFirst().orElseThrow();
    }

    static SecretKeySelector secretRef(Deployment deployment, String variable) {
        return container(deployment).getEnv().stream().filter(env -> env.getName().equals(variable)).findFirst()
                .map(env -> env.getValueFrom().getSecretKeyRef())
                .orElseThrow(() -> new AssertionError(variable + " is not set"));
    }

    private static String projectVersion() {
        return System.getProperty("project.version", "1.0.0-SNAPSHOT");
    }
}
