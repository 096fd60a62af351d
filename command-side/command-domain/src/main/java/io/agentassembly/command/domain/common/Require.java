package io.agentassembly.command.domain.common;

import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.command.api.common.ErrorCode;

import java.time.Instant;
import java.util.regex.Pattern;

/** Guards on command input; each failure is a VALIDATION_FAILED naming the field and what to send instead. */
public final class Require {
    private Require() {
    }

    /** Returns the value trimmed; refuses null, blank or longer than {@code maxLength}. */
    public static String text(String value, String field, int maxLength) {
        if (value == null || value.isBlank()) {
            throw invalid(field, field + " is required");
        }
        String trimmed = value.trim();
        if (trimmed.length() > maxLength) {
            throw invalid(field, field + " must be at most " + maxLength + " characters");
        }
        return trimmed;
    }

    /** Returns the value trimmed, or null when absent or blank. */
    public static String optionalText(String value, String field, int maxLength) {
        return value == null || value.isBlank() ? null : text(value, field, maxLength);
    }

    public static String matching(String value, Pattern pattern, String field, String expectation) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw invalid(field, field + " must be " + expectation);
        }
        return value;
    }

    public static <T> T present(T value, String field) {
        if (value == null) {
            throw invalid(field, field + " is required");
        }
        return value;
    }

    public static Instant future(Instant value, String field) {
        if (present(value, field).isAfter(DomainClock.now())) {
            return value;
        }
        throw invalid(field, field + " must be in the future");
    }

    public static DomainException invalid(String field, String message) {
        return new DomainException(ErrorCode.VALIDATION_FAILED, field, message);
    }
}
