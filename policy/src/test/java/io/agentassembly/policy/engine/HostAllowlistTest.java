package io.agentassembly.policy.engine;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HostAllowlistTest {

    @Test
    void readsTheHostOfAUrlAsAnHttpClientConnectsToIt() {
        assertThat(HostAllowlist.hostOfUrl("https://API.openai.com/v1/chat")).isEqualTo("api.openai.com");
        assertThat(HostAllowlist.hostOfUrl("http://user:secret@example.com:8080/x")).isEqualTo("example.com");
        assertThat(HostAllowlist.hostOfUrl("https://a@b@c.example/")).isEqualTo("c.example");
        assertThat(HostAllowlist.hostOfUrl("https://evil.example\\@good.example/")).isEqualTo("evil.example");
        assertThat(HostAllowlist.hostOfUrl("https://evil.example?@good.example/")).isEqualTo("evil.example");
        assertThat(HostAllowlist.hostOfUrl("https://evil.example#@good.example/")).isEqualTo("evil.example");
        assertThat(HostAllowlist.hostOfUrl("https://example.com./")).isEqualTo("example.com");
        assertThat(HostAllowlist.hostOfUrl("http://[::1]:8080/")).isEqualTo("[::1]");
        assertThat(HostAllowlist.hostOfUrl("//cdn.example/lib.js")).isEqualTo("cdn.example");
        assertThat(HostAllowlist.hostOfUrl("api.example/v1")).isEqualTo("api.example");
    }

    @Test
    void answersNoHostForUrlsWithoutAUsableOne() {
        assertThat(HostAllowlist.hostOfUrl("")).isNull();
        assertThat(HostAllowlist.hostOfUrl("https:///path")).isNull();
        assertThat(HostAllowlist.hostOfUrl("https://exa mple.com/")).isNull();
        assertThat(HostAllowlist.hostOfUrl("https://evil%2eexample/")).isNull();
        assertThat(HostAllowlist.hostOfUrl("https://bücher.example/")).isNull();
        assertThat(HostAllowlist.hostOfUrl("http://[::1/")).isNull();
    }

    @Test
    void matchesExactHostsAndSubdomainsOfWildcards() {
        HostAllowlist allowlist = new HostAllowlist(List.of("api.openai.com", "*.corp.example"));

        assertThat(allowlist.allows("api.openai.com")).isTrue();
        assertThat(allowlist.allows("x.api.openai.com")).isFalse();
        assertThat(allowlist.allows("a.corp.example")).isTrue();
        assertThat(allowlist.allows("a.b.corp.example")).isTrue();
        assertThat(allowlist.allows("corp.example")).isFalse();
        assertThat(allowlist.allows("acorp.example")).isFalse();
        assertThat(allowlist.allows("a.corp.example.evil")).isFalse();
        assertThat(new HostAllowlist(List.of()).allows("api.openai.com")).isFalse();
    }
}
