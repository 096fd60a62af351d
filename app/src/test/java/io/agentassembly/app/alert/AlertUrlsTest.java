package io.agentassembly.app.alert;

import io.agentassembly.command.api.alert.AlertDestinationKind;
import io.agentassembly.command.api.common.DomainException;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlertUrlsTest {

    private static AlertProperties properties(boolean plainHttp, boolean privateAddresses) {
        return new AlertProperties(null, null, null, null, null, null, null, null, null, plainHttp, privateAddresses, null);
    }

    private final AlertUrls production = new AlertUrls(properties(false, false));

    @Test
    void inProductionOnlyHttpsToPublicAddressesIsAccepted() {
        assertThat(production.validate("https://hooks.slack.com/services/T/B/x", "url").getHost()).isEqualTo("hooks.slack.com");
        for (String refused : new String[]{"http://example.com/hook", "https://127.0.0.1/hook", "https://localhost/x",
                "https://10.1.2.3/x", "https://169.254.169.254/latest/meta-data", "https://[::1]/x",
                "https://192.168.0.1/x", "https://100.64.0.1/x", "https://[fd00::1]/x"}) {
            assertThatThrownBy(() -> production.validate(refused, "url")).as(refused)
                    .isInstanceOfSatisfying(DomainException.class, e -> {
                        assertThat(e.details().field()).isEqualTo("url");
                        assertThat(e.getMessage()).doesNotContain(refused);
                    });
        }
        assertThat(production.refusalAtDelivery(URI.create("https://127.0.0.1/x"))).contains("loopback");
        assertThat(new AlertUrls(properties(true, true)).validate("http://127.0.0.1:8080/x", "url").getPort()).isEqualTo(8080);
    }

    @Test
    void showsOnlyTheHostAndAMaskedTailOfASlackUrlAndNoQueryOfAWebhook() {
        assertThat(AlertUrls.target(AlertDestinationKind.SLACK,
                URI.create("https://hooks.slack.com/services/T0AAA/B0BBB/abcdefgh1234"))).isEqualTo("hooks.slack.com/…/1234");
        assertThat(AlertUrls.target(AlertDestinationKind.SLACK, URI.create("https://chat.example.com/short")))
                .isEqualTo("chat.example.com/…");
        assertThat(AlertUrls.target(AlertDestinationKind.WEBHOOK,
                URI.create("https://Alerts.Example.com:8443/in/aasm?key=secret"))).isEqualTo("https://alerts.example.com:8443/in/aasm?…");
    }
}
