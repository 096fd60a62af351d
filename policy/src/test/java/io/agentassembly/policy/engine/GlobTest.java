package io.agentassembly.policy.engine;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GlobTest {

    @Test
    void matchesStarsAndQuestionMarks() {
        assertThat(Glob.matches("*", "")).isTrue();
        assertThat(Glob.matches("*", "anything")).isTrue();
        assertThat(Glob.matches("fs_*", "fs_read")).isTrue();
        assertThat(Glob.matches("fs_*", "fs_")).isTrue();
        assertThat(Glob.matches("fs_*", "xfs_read")).isFalse();
        assertThat(Glob.matches("*_delete", "repo_delete")).isTrue();
        assertThat(Glob.matches("*_delete", "repo_delete_all")).isFalse();
        assertThat(Glob.matches("a*b*c", "aXXbYYbZZc")).isTrue();
        assertThat(Glob.matches("a*b*c", "aXXbYY")).isFalse();
        assertThat(Glob.matches("db?", "db1")).isTrue();
        assertThat(Glob.matches("db?", "db")).isFalse();
        assertThat(Glob.matches("db?", "db12")).isFalse();
        assertThat(Glob.matches("shell", "shell")).isTrue();
        assertThat(Glob.matches("shell", "Shell")).isFalse();
    }

    @Test
    void staysLinearOnPathologicalPatterns() {
        String text = "a".repeat(10_000);
        assertThat(Glob.matches("*a*a*a*a*a*a*a*a*b", text)).isFalse();
    }
}
