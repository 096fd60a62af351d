package io.agentassembly.identity.password;

import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.command.api.common.ErrorCode;

import java.util.Locale;
import java.util.Set;

/** Strength rules for console passwords; each refusal says what to change. */
public final class PasswordPolicy {

    public static final int MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 128;

    /** The rules of {@link #check} in words, for API documentation. */
    public static final String RULES = MIN_LENGTH + " to " + MAX_LENGTH + " characters mixing at least three of: "
            + "lower-case letters, upper-case letters, digits, symbols; not a common password; not containing the "
            + "e-mail address";

    private static final Set<String> COMMON = Set.of("password1234", "passwordpassword", "123456789012",
            "qwertyuiopas", "letmein12345", "administrator", "welcome12345", "iloveyou1234", "changeme1234");

    private PasswordPolicy() {
    }

    public static void check(String password, String email) {
        if (password == null || password.length() < MIN_LENGTH) {
            throw weak("the password must have at least " + MIN_LENGTH + " characters");
        }
        if (password.length() > MAX_LENGTH) {
            throw weak("the password must have at most " + MAX_LENGTH + " characters");
        }
        if (characterClasses(password) < 3) {
            throw weak("the password must mix at least three of: lower-case letters, upper-case letters, digits, symbols");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (COMMON.contains(lower)) {
            throw weak("this password is too common; choose another");
        }
        String localPart = email == null ? "" : email.split("@", 2)[0].toLowerCase(Locale.ROOT);
        if (localPart.length() >= 4 && lower.contains(localPart)) {
            throw weak("the password must not contain your e-mail address");
        }
    }

    private static int characterClasses(String password) {
        boolean lower = false, upper = false, digit = false, symbol = false;
        for (char c : password.toCharArray()) {
            if (Character.isLowerCase(c)) lower = true;
            else if (Character.isUpperCase(c)) upper = true;
            else if (Character.isDigit(c)) digit = true;
            else symbol = true;
        }
        return (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0) + (symbol ? 1 : 0);
    }

    private static DomainException weak(String message) {
        return new DomainException(ErrorCode.VALIDATION_FAILED, "password", message);
    }
}
