package io.agentassembly.identity.password;

import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.command.api.common.ErrorCode;

import java.util.Locale;
import java.util.regex.Pattern;

/** Validates and normalises e-mail addresses used as sign-in names. */
public final class EmailAddresses {

    private static final Pattern SHAPE = Pattern.compile(
            "^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.[A-Za-z]{2,63}$");

    private EmailAddresses() {
    }

    public static String normalise(String field, String email) {
        String trimmed = email == null ? "" : email.trim();
        if (trimmed.length() > 254 || !SHAPE.matcher(trimmed).matches()) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, field, "'" + field + "' must be a valid e-mail address such as name@example.com");
        }
        return trimmed.toLowerCase(Locale.ROOT);
    }
}
