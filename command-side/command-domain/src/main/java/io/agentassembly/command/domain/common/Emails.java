package io.agentassembly.command.domain.common;

import java.util.Locale;

/** E-mail addresses are compared and stored trimmed and in lower case. */
public final class Emails {
    private Emails() {
    }

    public static String normalise(String email) {
        return email == null ? null : email.trim().toLowerCase(Locale.ROOT);
    }
}
