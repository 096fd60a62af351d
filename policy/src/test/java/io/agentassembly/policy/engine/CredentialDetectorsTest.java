package io.agentassembly.policy.engine;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CredentialDetectorsTest {

    @Test
    void namesTheCredentialItFinds() {
        Map<String, String> samples = Map.of(
                "AKIAIOSFODNN7EXAMPLE", "aws_access_key",
                "token=ghs_0123456789abcdefghijABCDEFGHIJ012345", "github_token",
                "xoxp-1234567890-abcdefghij", "slack_token",
                "sk-ant-api03-abcdefghijklmnopqrstuvwxyz012345", "anthropic_api_key",
                "OPENAI_API_KEY=sk-abcdefghijklmnopqrstuvwxyz0123", "openai_api_key",
                "rk_live_0123456789abcdefABCDEF", "stripe_secret_key",
                "AIzaSyD-0123456789abcdefghijklmnopqrstu", "google_api_key",
                "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc", "jwt",
                "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----", "private_key",
                "authorization: bearer abcdefghijklmnop0123", "bearer_token");
        samples.forEach((value, detector) -> assertThat(CredentialDetectors.detect(value)).as(value).isEqualTo(detector));
    }

    @Test
    void leavesOrdinaryTextAlone() {
        for (String value : new String[] {"", "hello world", "AKIA is a prefix", "XAKIAIOSFODNN7EXAMPLEX",
                "the task-force-of-the-year-twenty-twenty-six", "ghp_short", "sk_live_short",
                "Bearer token", "eyJ only", "-----BEGIN PUBLIC KEY-----", "disk-0123456789abcdefghijklmnop"}) {
            assertThat(CredentialDetectors.detect(value)).as(value).isNull();
        }
    }

    @Test
    void scansLongValuesWithoutBacktracking() {
        String value = "eyJ" + "a".repeat(200_000) + ".eyJ" + "b".repeat(10);
        assertThat(CredentialDetectors.detect(value)).isNull();
        assertThat(CredentialDetectors.detect("Bearer " + "x".repeat(100_000))).isEqualTo("bearer_token");
    }
}
