package io.agentassembly.identity.web;

import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.command.api.common.ErrorDetails;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one mapping from domain error codes to HTTP and the one RFC 9457 problem shape: {@code type},
 * {@code title}, {@code status}, {@code detail}, plus {@code code}, {@code field} and, for several
 * invalid fields, {@code errors}.
 */
public final class Problems {

    public static final String TYPE_BASE = "https://docs.agentassembly.io/problems/";

    public record FieldError(String field, String message) {
    }

    private static final Map<ErrorCode.Kind, HttpStatus> STATUS = Map.of(
            ErrorCode.Kind.INVALID, HttpStatus.BAD_REQUEST,
            ErrorCode.Kind.UNAUTHENTICATED, HttpStatus.UNAUTHORIZED,
            ErrorCode.Kind.FORBIDDEN, HttpStatus.FORBIDDEN,
            ErrorCode.Kind.NOT_FOUND, HttpStatus.NOT_FOUND,
            ErrorCode.Kind.CONFLICT, HttpStatus.CONFLICT,
            ErrorCode.Kind.GONE, HttpStatus.GONE,
            ErrorCode.Kind.UNPROCESSABLE, HttpStatus.UNPROCESSABLE_ENTITY,
            ErrorCode.Kind.RATE_LIMITED, HttpStatus.TOO_MANY_REQUESTS,
            ErrorCode.Kind.INTERNAL, HttpStatus.INTERNAL_SERVER_ERROR);

    private Problems() {
    }

    public static HttpStatus statusOf(ErrorCode code) {
        return STATUS.get(code.kind());
    }

    public static ProblemDetail of(ErrorDetails details) {
        HttpStatus status = statusOf(details.code());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, details.message());
        problem.setType(URI.create(TYPE_BASE + details.code().name().toLowerCase(Locale.ROOT).replace('_', '-')));
        problem.setTitle(status.getReasonPhrase());
        problem.setProperty("code", details.code().name());
        if (details.field() != null) {
            problem.setProperty("field", details.field());
        }
        return problem;
    }

    public static ProblemDetail of(ErrorCode code, String field, String message) {
        return of(new ErrorDetails(code, field, message));
    }

    public static ProblemDetail invalidFields(List<FieldError> errors) {
        FieldError first = errors.getFirst();
        String message = errors.size() == 1 ? first.message()
                : errors.size() + " fields are invalid; first: " + first.message();
        ProblemDetail problem = of(ErrorCode.VALIDATION_FAILED, first.field(), message);
        problem.setProperty("errors", errors);
        return problem;
    }
}
