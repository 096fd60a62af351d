package io.agentassembly.identity.token;

import io.agentassembly.command.api.agent.AgentKeys;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BearerSecretTest {

    @Test
    void anAgentCredentialNamesItsAgentThroughTheCredentialId() {
        String agentKey = AgentKeys.newKey();
        BearerSecret issued = BearerSecret.issue(BearerSecret.AGENT_CREDENTIAL, AgentKeys.credentialIdOf(agentKey));

        assertThat(issued.token()).matches("aasa_[0-9a-f]{32}_[A-Za-z0-9_-]{43}");
        BearerSecret parsed = BearerSecret.parse(BearerSecret.AGENT_CREDENTIAL, issued.token()).orElseThrow();
        assertThat(parsed).isEqualTo(issued);
        assertThat(AgentKeys.agentKeyOf(parsed.credentialId())).contains(agentKey);
        assertThat(parsed.digest()).isEqualTo(SecretTokens.sha256Hex(issued.secret()));
    }

    @Test
    void aTokenIsOnlyAcceptedUnderItsOwnPrefix() {
        String token = BearerSecret.issue(BearerSecret.AGENT_CREDENTIAL, SecretTokens.newCompactId()).token();

        assertThat(BearerSecret.parse(BearerSecret.API_KEY, token)).isEmpty();
        assertThat(BearerSecret.parse(BearerSecret.REFRESH_TOKEN, token)).isEmpty();
        assertThat(BearerSecret.parse(BearerSecret.AGENT_CREDENTIAL, token.replace("aasa_", "aasx_"))).isEmpty();
        assertThat(BearerSecret.parse(BearerSecret.AGENT_CREDENTIAL, token + "x")).isEmpty();
    }

    @Test
    void neverPrintsTheSecret() {
        BearerSecret issued = BearerSecret.issue(BearerSecret.AGENT_CREDENTIAL, SecretTokens.newCompactId());
        assertThat(issued.toString()).doesNotContain(issued.secret());
    }

    @Test
    void agentKeysAndCredentialIdsRoundTrip() {
        assertThat(AgentKeys.credentialIdOf("agt-3f1c2b7a-8d9e-4f10-a1b2-c3d4e5f60718"))
                .isEqualTo("3f1c2b7a8d9e4f10a1b2c3d4e5f60718");
        assertThat(AgentKeys.agentKeyOf("3f1c2b7a8d9e4f10a1b2c3d4e5f60718"))
                .contains("agt-3f1c2b7a-8d9e-4f10-a1b2-c3d4e5f60718");
        assertThat(AgentKeys.agentKeyOf("not-hex")).isEmpty();
        assertThat(AgentKeys.isKey("agt-3F1C2B7A-8D9E-4F10-A1B2-C3D4E5F60718")).isFalse();
    }
}
