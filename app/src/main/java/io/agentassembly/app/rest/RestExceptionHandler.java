package io.agentassembly.app.rest;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.agentassembly.app.web.InvalidTextException;
import io.agentassembly.app.web.RequestBodyTooLargeException;
import io.agentassembly.app.web.RequestEdgeFilter;
import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.identity.auth.WorkspaceChoiceRequiredException;
import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.command.api.common.ErrorDetails;
import io.agentassembly.command.api.common.TextInput;
import io.agentassembly.identity.limit.LimitExceededException;
import io.agentassembly.identity.web.Problems;
import io.agentassembly.identity.web.Problems.FieldError;
import io.agentassembly.identity.web.ScimErrorWriter;
import io.agentassembly.policy.InvalidPolicyException;
import io.agentassembly.policy.PolicyViolation;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.lang.NonNull;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Every REST error as RFC 9457 problem+json with a stable {@code code}; bad input is always a 4xx that names
 * the field to fix, never a 500.
 */
@RestControllerAdvice
public class RestExceptionHandler extends ResponseEntityExceptionHandler {

    private static final String SCIM_PREFIX = "/scim/v2/";

    private static final Logger log = LoggerFactory.getLogger(RestExceptionHandler.class);

    /** Command fields whose value the client only ever sends inside the {@code token} of an e-mailed link. */
    private static final Map<String, String> LINK_TOKEN_FIELDS = Map.of("verificationId", "token", "invitationId", "token");

    @ExceptionHandler(DomainException.class)
    ResponseEntity<ProblemDetail> domain(DomainException e, HttpServletRequest request) {
        ProblemDetail problem = Problems.of(onTheWire(e.details(), request));
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }

    /** 409 listing, in {@code workspaces}, the slug and name of each workspace the password signs in to. */
    @ExceptionHandler(WorkspaceChoiceRequiredException.class)
    ResponseEntity<ProblemDetail> workspaceChoice(WorkspaceChoiceRequiredException e) {
        ProblemDetail problem = Problems.of(e.details());
        problem.setProperty("workspaces", e.workspaces());
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }

    /**
     * The domain names fields as its commands do ({@code orgId}, {@code verificationId}); the client knows them by
     * their wire names: path variables as the route names them, ids it only ever sends inside an e-mailed link's
     * token as {@code token}, every other field in snake_case as Jackson writes it.
     */
    static ErrorDetails onTheWire(ErrorDetails details, HttpServletRequest request) {
        String field = details.field();
        if (field == null || pathVariables(request).containsKey(field)) {
            return details;
        }
        String wire = LINK_TOKEN_FIELDS.getOrDefault(field, snake(field));
        if (wire.equals(field)) {
            return details;
        }
        String message = details.message() != null && details.message().startsWith(field + " ")
                ? wire + details.message().substring(field.length()) : details.message();
        return new ErrorDetails(details.code(), wire, message);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> pathVariables(HttpServletRequest request) {
        Object variables = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        return variables instanceof Map<?, ?> map ? (Map<String, String>) map : Map.of();
    }

    /** 429 with the seconds to wait in Retry-After. */
    @ExceptionHandler(LimitExceededException.class)
    ResponseEntity<ProblemDetail> limited(LimitExceededException e) {
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()))
                .body(Problems.of(e.details()));
    }

    /**
     * A policy file that must not be stored: 400 VALIDATION_FAILED naming the first violation, with every
     * violation in {@code errors} as {document, line, column, field, message}, all three positions counted from 1.
     */
    @ExceptionHandler(InvalidPolicyException.class)
    ResponseEntity<ProblemDetail> invalidPolicy(InvalidPolicyException e) {
        List<PolicyViolation> violations = e.violations();
        if (violations.isEmpty()) {
            return ResponseEntity.badRequest().body(Problems.of(ErrorCode.VALIDATION_FAILED, "body", e.getMessage()));
        }
        PolicyViolation first = violations.getFirst();
        String where = " (document " + first.document() + (first.line() == null ? "" : ", line " + first.line()
                + (first.column() == null ? "" : ", column " + first.column())) + ")";
        String detail = violations.size() == 1 ? first.message() + where
                : violations.size() + " problems in the policy file; first: " + first.message() + where;
        ProblemDetail problem = Problems.of(ErrorCode.VALIDATION_FAILED, first.field(), detail);
        problem.setProperty("errors", violations);
        return ResponseEntity.badRequest().body(problem);
    }

    /** A body read past {@code aasm.http.max-request-body} by a controller that reads it itself. */
    @ExceptionHandler(RequestBodyTooLargeException.class)
    ResponseEntity<ProblemDetail> tooLarge(RequestBodyTooLargeException e) {
        return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).body(RequestEdgeFilter.tooLarge(e.maxBytes()));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> parameterType(MethodArgumentTypeMismatchException e) {
        return badRequest(List.of(new FieldError(e.getName(), "'" + e.getName() + "' has an invalid value")));
    }

    @ExceptionHandler({AccessDeniedException.class, AuthenticationException.class})
    void security(RuntimeException e) {
        throw e;
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        String reference = UUID.randomUUID().toString();
        log.error("unexpected error, reference {}", reference, e);
        ProblemDetail problem = Problems.of(ErrorCode.INTERNAL, null,
                "an unexpected error occurred; quote reference " + reference + " to support");
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(@NonNull MethodArgumentNotValidException e,
                                                                  @NonNull HttpHeaders headers,
                                                                  @NonNull HttpStatusCode status,
                                                                  @NonNull WebRequest request) {
        List<FieldError> errors = e.getBindingResult().getFieldErrors().stream()
                .map(f -> new FieldError(snake(f.getField()), "'" + snake(f.getField()) + "' " + f.getDefaultMessage()))
                .toList();
        return ResponseEntity.badRequest().body(Problems.invalidFields(errors));
    }

    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(@NonNull NoResourceFoundException e,
                                                                    @NonNull HttpHeaders headers,
                                                                    @NonNull HttpStatusCode status,
                                                                    @NonNull WebRequest request) {
        if (("/" + e.getResourcePath()).startsWith(SCIM_PREFIX)) {
            // an identity provider reads SCIM errors (RFC 7644 3.12), not problem+json
            return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.parseMediaType(ScimErrorWriter.SCIM_JSON))
                    .body(ScimErrorWriter.body(HttpStatus.NOT_FOUND.value(), null, "there is no SCIM endpoint "
                            + e.getHttpMethod() + " /" + e.getResourcePath()
                            + "; the service provider is described at /scim/v2/ServiceProviderConfig"));
        }
        ProblemDetail problem = Problems.of(ErrorCode.NOT_FOUND, null, "there is no endpoint "
                + e.getHttpMethod() + " /" + e.getResourcePath() + "; the API is described at /v3/api-docs");
        return handleExceptionInternal(e, problem, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpRequestMethodNotSupported(@NonNull HttpRequestMethodNotSupportedException e,
                                                                         @NonNull HttpHeaders headers,
                                                                         @NonNull HttpStatusCode status,
                                                                         @NonNull WebRequest request) {
        String allowed = e.getSupportedHttpMethods() == null ? "" : e.getSupportedHttpMethods().stream()
                .map(HttpMethod::name).sorted().collect(Collectors.joining(", "));
        ProblemDetail problem = Problems.shape(ProblemDetail.forStatusAndDetail(status, e.getMethod()
                + " is not allowed here; allowed: " + allowed), Problems.codeOf(status.value()));
        return handleExceptionInternal(e, problem, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotAcceptable(@NonNull HttpMediaTypeNotAcceptableException e,
                                                                      @NonNull HttpHeaders headers,
                                                                      @NonNull HttpStatusCode status,
                                                                      @NonNull WebRequest request) {
        return handleExceptionInternal(e, headerProblem(status, HttpHeaders.ACCEPT,
                "this endpoint cannot answer in the media types the Accept header asks for; it offers: "
                        + listed(e.getSupportedMediaTypes())), headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(@NonNull MissingServletRequestParameterException e,
                                                                          @NonNull HttpHeaders headers,
                                                                          @NonNull HttpStatusCode status,
                                                                          @NonNull WebRequest request) {
        String name = e.getParameterName();
        return ResponseEntity.badRequest().body(Problems.invalidFields(List.of(new FieldError(name,
                "query parameter '" + name + "' is required"))));
    }

    @Override
    protected ResponseEntity<Object> handleServletRequestBindingException(@NonNull ServletRequestBindingException e,
                                                                          @NonNull HttpHeaders headers,
                                                                          @NonNull HttpStatusCode status,
                                                                          @NonNull WebRequest request) {
        if (e instanceof MissingRequestHeaderException header) {
            return ResponseEntity.badRequest().body(Problems.invalidFields(List.of(new FieldError(
                    header.getHeaderName(), "header '" + header.getHeaderName() + "' is required"))));
        }
        return super.handleServletRequestBindingException(e, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(@NonNull HttpMediaTypeNotSupportedException e,
                                                                     @NonNull HttpHeaders headers,
                                                                     @NonNull HttpStatusCode status,
                                                                     @NonNull WebRequest request) {
        String sent = e.getContentType() == null ? "no Content-Type" : "Content-Type '" + e.getContentType() + "'";
        return handleExceptionInternal(e, headerProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, HttpHeaders.CONTENT_TYPE,
                sent + " is not accepted here; send one of: " + listed(e.getSupportedMediaTypes())),
                headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(@NonNull HttpMessageNotReadableException e,
                                                                  @NonNull HttpHeaders headers,
                                                                  @NonNull HttpStatusCode status,
                                                                  @NonNull WebRequest request) {
        Throwable cause = e.getCause();
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof DomainException domain) {
                return ResponseEntity.badRequest().body(Problems.of(domain.details()));
            }
            if (t instanceof RequestBodyTooLargeException tooLarge) {
                return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).body(RequestEdgeFilter.tooLarge(tooLarge.maxBytes()));
            }
        }
        FieldError error;
        if (cause instanceof InvalidTextException text) {
            String field = wirePath(text);
            error = new FieldError(field, field + " " + text.problem());
        } else if (cause instanceof UnrecognizedPropertyException unknown) {
            error = new FieldError(unknown.getPropertyName(), "unknown field '" + unknown.getPropertyName()
                    + "'; known fields: " + unknown.getKnownPropertyIds().stream().map(String::valueOf)
                    .sorted().collect(Collectors.joining(", ")));
        } else if (cause instanceof InvalidFormatException format) {
            String field = wirePath(format);
            error = new FieldError(field, "'" + field + "' has an invalid value '" + format.getValue() + "'");
        } else if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = wirePath(mapping);
            error = new FieldError(field, "'" + field + "' is missing or has the wrong type");
        } else {
            error = new FieldError("body", "the request body must be a JSON object");
        }
        return ResponseEntity.badRequest().body(Problems.invalidFields(List.of(error)));
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, @NonNull HttpHeaders headers,
                                                          @NonNull HttpStatusCode statusCode,
                                                          @NonNull WebRequest request) {
        if (body instanceof ProblemDetail problem
                && (problem.getProperties() == null || !problem.getProperties().containsKey("code"))) {
            Problems.shape(problem, Problems.codeOf(statusCode.value()));
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    /** A refusal of what a request header asks for, named by the header. */
    private static ProblemDetail headerProblem(HttpStatusCode status, String header, String detail) {
        ProblemDetail problem = Problems.shape(ProblemDetail.forStatusAndDetail(status, detail),
                Problems.codeOf(status.value()));
        problem.setProperty("field", header);
        return problem;
    }

    private static String listed(List<MediaType> types) {
        return types.stream().map(MediaType::toString).collect(Collectors.joining(", "));
    }

    private static ResponseEntity<ProblemDetail> badRequest(List<FieldError> errors) {
        return ResponseEntity.badRequest().body(Problems.invalidFields(errors));
    }

    /** {@code request.tool_call.args.headers[0]}: JSON names as sent, indexes in brackets, keys escaped. */
    private static String wirePath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(TextInput.escaped(ref.getFieldName()));
            } else {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }

    private static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase();
    }
}
