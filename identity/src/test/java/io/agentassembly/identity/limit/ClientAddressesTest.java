package io.agentassembly.identity.limit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClientAddressesTest {

    @Test
    void anIpv4AddressIsItself() {
        assertThat(ClientAddresses.of("203.0.113.7")).isEqualTo("203.0.113.7");
        assertThat(ClientAddresses.of("::ffff:203.0.113.7")).isEqualTo("203.0.113.7");
    }

    @Test
    void anIpv6AddressCountsAsItsSlash64() {
        assertThat(ClientAddresses.of("2001:db8:1:2:aaaa:bbbb:cccc:dddd"))
                .isEqualTo(ClientAddresses.of("2001:db8:1:2::1"))
                .isEqualTo("2001:db8:1:2:0:0:0:0/64");
        assertThat(ClientAddresses.of("2001:db8:1:3::1")).isNotEqualTo(ClientAddresses.of("2001:db8:1:2::1"));
    }

    @Test
    void somethingElseIsNeverResolvedByName() {
        assertThat(ClientAddresses.of("localhost")).isEqualTo("localhost");
        assertThat(ClientAddresses.of("deadbeef")).isEqualTo("deadbeef");
        assertThat(ClientAddresses.of("1.2.3.999")).isEqualTo("1.2.3.999");
        assertThat(ClientAddresses.of((String) null)).isEqualTo("unknown");
        assertThat(ClientAddresses.of("x".repeat(100))).hasSize(64);
    }
}
