package io.signingmanager.packaging.helm;

import static io.signingmanager.packaging.helm.HelmChartTest.container;
import static io.signingmanager.service.testing.TestService.expect;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.signingmanager.service.testing.Http;
import io.signingmanager.service.testing.OtherMachine;
import io.signingmanager.service.testing.TestService;
import java.net.InetAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The chart's probes asked the way the kubelet asks them: HTTPS from the node's address, never the
 * pod's loopback, of a real Signing Service still in its first run (which answers only loopback). A
 * probe answered 200-399 passes. Startup and liveness must pass then, or Kubernetes would restart a
 * pod that is only waiting for its first sign-in; readiness must not, so that the Service and the
 * Ingress send nobody to the default password, and must pass once the password is changed.
 */
class HelmChartProbesTest {
    @Test
    void firstRunPodStaysAliveButUnreadyUntilThePasswordIsChanged() {
        Container container = container(RenderedChart.render(Map.of()).one(Deployment.class));
        InetAddress node = OtherMachine.address();
        try (TestService service = TestService.start()) {
            Http kubelet = OtherMachine.http(service, node);
            assertThat(kubelet.get(path(container.getStartupProbe()), null).status()).isEqualTo(200);
            assertThat(kubelet.get(path(container.getLivenessProbe()), null).status()).isEqualTo(200);
            Http.Answer readiness = kubelet.get(path(container.getReadinessProbe()), null);
            assertThat(readiness.status()).isEqualTo(403);
            assertThat(readiness.error()).isEqualTo("first_run_local_only");

            // The first sign-in, as through kubectl port-forward: on the pod's own loopback.
            String token = service.login("admin", "change_password");
            expect(service.http.post("/api/v1/auth/password", token,
                    Map.of("currentPassword", "change_password", "newPassword", TestService.ADMIN_PASSWORD)), 200);

            assertThat(kubelet.get(path(container.getReadinessProbe()), null).status()).isEqualTo(200);
            assertThat(kubelet.get(path(container.getLivenessProbe()), null).status()).isEqualTo(200);
        }
    }

    private static String path(Probe probe) {
        assertThat(probe.getHttpGet().getScheme()).isEqualTo("HTTPS");
        return probe.getHttpGet().getPath();
    }
}
