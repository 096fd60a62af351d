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
            ErrorCode.Kind.PRECONDITION_FAILED, HttpStatus.PRECONDITION_FAILED,
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

    /**
     * The code of an error the HTTP layer raises before any domain rule runs (no route, wrong method, media
     * types, size), named after its status: {@code NOT_FOUND}, {@code METHOD_NOT_ALLOWED}, {@code NOT_ACCEPTABLE},
     * {@code UNSUPPORTED_MEDIA_TYPE}, {@code PAYLOAD_TOO_LARGE}; any other 4xx is {@code REQUEST_REJECTED}.
     */
    public static String codeOf(int status) {
        return switch (status) {
            case 400 -> ErrorCode.VALIDATION_FAILED.name();
            case 401 -> ErrorCode.AUTHENTICATION_FAILED.name();
            case 403 -> ErrorCode.PERMISSION_DENIED.name();
            case 404 -> ErrorCode.NOT_FOUND.name();
            case 405 -> "METHOD_NOT_ALLOWED";
            case 406 -> "NOT_ACCEPTABLE";
            case 413 -> "PAYLOAD_TOO_LARGE";
            case 415 -> "UNSUPPORTED_MEDIA_TYPE";
            case 429 -> ErrorCode.RATE_LIMITED.name();
            default -> status >= 500 ? ErrorCode.INTERNAL.name() : "REQUEST_REJECTED";
        };
    }

    /** Gives a problem built elsewhere the one shape: {@code type} and {@code code} from the code, the status's title. */
    public static ProblemDetail shape(ProblemDetail problem, String code) {
        problem.setType(URI.create(TYPE_BASE + code.toLowerCase(Locale.ROOT).replace('_', '-')));
        HttpStatus status = HttpStatus.resolve(problem.getStatus());
        if (status != null) {
            problem.setTitle(status.getReasonPhrase());
        }
        problem.setProperty("code", code);
        return problem;
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
