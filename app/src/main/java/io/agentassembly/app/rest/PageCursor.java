package io.agentassembly.app.rest;

import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.command.api.common.ErrorCode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * The opaque {@code cursor} / {@code next_cursor} of the paged lists (audit log, approvals): the position of the
 * previous page's last item, base64url-encoded so clients pass it back unchanged and never build one.
 */
final class PageCursor {

    private static final String PREFIX = "before:";

    private PageCursor() {
    }

    static String encode(String position) {
        return position == null ? null : Base64.getUrlEncoder().withoutPadding()
                .encodeToString((PREFIX + position).getBytes(StandardCharsets.UTF_8));
    }

    /** The position in {@code cursor}, null when none was given; a 400 naming {@code cursor} when it is not one of ours. */
    static String decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(cursor.trim()), StandardCharsets.UTF_8);
            if (decoded.startsWith(PREFIX)) {
                return decoded.substring(PREFIX.length());
            }
        } catch (IllegalArgumentException e) {
            // falls through to the refusal below
        }
        throw invalid();
    }

    /** A cursor for lists ordered by a time and an id: the last item's time (ISO-8601) and id, joined by a space. */
    static String encode(Instant at, String id) {
        return encode(at + " " + id);
    }

    /**
     * The time-and-id position in {@code cursor} made by {@link #encode(Instant, String)}, built by {@code position};
     * null when none was given; a 400 naming {@code cursor} when it is not one of ours or {@code validId} refuses its id.
     */
    static <T> T decode(String cursor, Predicate<String> validId, BiFunction<Instant, String, T> position) {
        String decoded = decode(cursor);
        if (decoded == null) {
            return null;
        }
        int space = decoded.indexOf(' ');
        try {
            if (space > 0 && space < decoded.length() - 1 && validId.test(decoded.substring(space + 1))) {
                return position.apply(Instant.parse(decoded.substring(0, space)), decoded.substring(space + 1));
            }
        } catch (DateTimeParseException e) {
            // falls through to the refusal below
        }
        throw invalid();
    }

    static DomainException invalid() {
        return new DomainException(ErrorCode.VALIDATION_FAILED, "cursor",
                "'cursor' is not valid; pass the next_cursor of the previous page unchanged");
    }

    static DomainException invalidPageSize(int max) {
        return new DomainException(ErrorCode.VALIDATION_FAILED, "per_page", "'per_page' must be between 1 and " + max);
    }
}
