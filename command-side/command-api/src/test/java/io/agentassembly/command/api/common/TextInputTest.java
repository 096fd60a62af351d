package io.agentassembly.command.api.common;

import io.agentassembly.command.api.common.TextInput.Lines;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TextInputTest {

    @Test
    void everyC0AndC1ControlCharacterAndDelIsRefusedOnOneLine() {
        for (char c = 0; c <= 0xa0; c++) {
            boolean control = c < 0x20 || c >= 0x7f && c <= 0x9f;
            assertThat(TextInput.firstViolation("ab" + c, Lines.ONE)).as("U+%04X", (int) c).isEqualTo(control ? 2 : -1);
        }
    }

    @Test
    void severalLinesAcceptTabLineFeedAndCarriageReturnOnly() {
        assertThat(TextInput.problem("line 1\r\n\tline 2\n", Lines.SEVERAL)).isNull();
        assertThat(TextInput.problem("tab\there", Lines.ONE)).isEqualTo("contains a control character (U+0009) at "
                + "position 3; remove it");
        assertThat(TextInput.problem("a\nb\u000bc", Lines.SEVERAL)).isEqualTo("contains a control character (U+000B) "
                + "at position 3 (only tab, line feed and carriage return are allowed); remove it");
        assertThat(TextInput.firstViolation("x\u0000", Lines.SEVERAL)).isEqualTo(1);
    }

    @Test
    void surrogatePairsPassAndUnpairedSurrogatesAreRefused() {
        assertThat(TextInput.problem("emoji \uD83D\uDE00 ok, Ünïcødé ✓", Lines.ONE)).isNull();
        assertThat(TextInput.problem("high \uD83D alone", Lines.ONE))
                .isEqualTo("contains an unpaired surrogate (U+D83D) at position 5; send well-formed Unicode text");
        assertThat(TextInput.firstViolation("\uDE00", Lines.ONE)).isZero();
        assertThat(TextInput.firstViolation("end\uD83D", Lines.ONE)).isEqualTo(3);
    }

    @Test
    void requireNamesTheFieldAndPassesAcceptableTextAndNull() {
        assertThat(TextInput.require("name", "ci key", Lines.ONE)).isEqualTo("ci key");
        assertThat(TextInput.require("name", null, Lines.ONE)).isNull();
        assertThatThrownBy(() -> TextInput.require("context.tool_call.tool_name", "tool\u0000", Lines.ONE))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                    assertThat(e.details().field()).isEqualTo("context.tool_call.tool_name");
                    assertThat(e.getMessage()).isEqualTo("context.tool_call.tool_name contains a control character "
                            + "(U+0000) at position 4; remove it");
                });
    }

    @Test
    void escapedWritesRefusedCharactersAsUnicodeEscapes() {
        assertThat(TextInput.escaped("x-api-key")).isEqualTo("x-api-key");
        assertThat(TextInput.escaped("a\u0000b\u009fc\uD800")).isEqualTo("a\\u0000b\\u009fc\\ud800");
        assertThat(TextInput.escaped("\u0001\u0002")).isEqualTo("\\u0001\\u0002");
        assertThat(TextInput.escaped("\uD83D\uDE00\t")).isEqualTo("\uD83D\uDE00\\u0009");
    }
}
