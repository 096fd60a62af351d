package io.agentassembly.app;

import io.agentassembly.command.api.common.TextInput;
import io.agentassembly.policy.ControlCharacters;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The edges' text rule (command API) and the policy module's own copy (it may depend on no other module) refuse
 * exactly the same characters, alone and next to each other.
 */
class TextRuleAgreementTest {

    @Test
    void theEdgesAndThePolicyModuleRefuseTheSameCharacters() {
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            String text = "a" + (char) c + "b";
            assertThat(ControlCharacters.first(text, false)).as("U+%04X on one line", c)
                    .isEqualTo(TextInput.firstViolation(text, TextInput.Lines.ONE));
            assertThat(ControlCharacters.first(text, true)).as("U+%04X on several lines", c)
                    .isEqualTo(TextInput.firstViolation(text, TextInput.Lines.SEVERAL));
            assertThat(ControlCharacters.escaped(text)).isEqualTo(TextInput.escaped(text));
        }
        String pair = "x\uD83D\uDE00y\uDE00\uD83D";
        assertThat(ControlCharacters.first(pair, false)).isEqualTo(TextInput.firstViolation(pair, TextInput.Lines.ONE))
                .isEqualTo(4);
    }
}
