package io.signingmanager.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceConfigTest {
    @Test
    void connectionsPerAddressAreCappedOverTlsAndNotBehindAProxyUnlessSet() {
        assertThat(ServiceConfig.parse(new String[0], Map.of()).connectionsPerAddress())
                .isEqualTo(ServiceConfig.DEFAULT_CONNECTIONS_PER_ADDRESS);
        assertThat(ServiceConfig.parse(new String[] {"--plain-http"}, Map.of()).connectionsPerAddress()).isZero();
        assertThat(ServiceConfig.parse(new String[] {"--plain-http", "--connections-per-address", "500"}, Map.of())
                .connectionsPerAddress()).isEqualTo(500);
        assertThat(ServiceConfig.parse(new String[0], Map.of("SIGNING_SERVICE_CONNECTIONS_PER_ADDRESS", "0"))
                .connectionsPerAddress()).isZero();
        assertThat(ServiceConfig.parse(new String[] {"--connections-per-address", "7"},
                Map.of("SIGNING_SERVICE_CONNECTIONS_PER_ADDRESS", "9")).connectionsPerAddress()).isEqualTo(7);
    }

    @Test
    void connectionsPerAddressMustBeAWholeNumber() {
        for (String bad : new String[] {"-1", "many", "1.5", "99999999999"}) {
            assertThatThrownBy(() -> ServiceConfig.parse(new String[] {"--connections-per-address", bad}, Map.of()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("connections per address").hasMessageContaining(bad);
        }
    }
}
