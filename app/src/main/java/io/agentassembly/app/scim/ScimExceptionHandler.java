package io.agentassembly.app.scim;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.PreconditionFailedException;
import com.unboundid.scim2.common.exceptions.ResourceNotFoundException;
import com.unboundid.scim2.common.exceptions.ScimException;
import io.agentassembly.command.api.common.DomainException;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.validation.BindException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import java.util.UUID;

/**
 * Errors of the SCIM controllers ({@code io.agentassembly.app.scim}) as SCIM errors ({@link ScimErrors}). Ordered
 * before the REST API's {@code RestExceptionHandler} (unscoped, unordered), and scoped to this package, so the
 * REST API keeps its problem+json and SCIM clients never see one. Errors raised before a SCIM controller is chosen
 * (unknown path, method or media type under {@code /scim/v2}) are answered by {@link ScimUnmatchedRequestResolver}
 * with the same {@link #translate}.
 */
@RestControllerAdvice(basePackages = "io.agentassembly.app.scim")
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ScimExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ScimExceptionHandler.class);

    @ExceptionHandler({AccessDeniedException.class, AuthenticationException.class})
    void security(RuntimeException e) {
        throw e;
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ObjectNode> any(Exception e) {
        return ScimErrors.response(translate(e));
    }

    /** The SCIM error for any exception a SCIM request ends in. */
    public static ScimException translate(Exception e) {
        if (e instanceof ScimException scim) {
            return scim;
        }
        if (e instanceof DomainException domain) {
            return ScimErrors.of(domain);
        }
        if (e instanceof ConflictingAggregateVersionException) {
            return new PreconditionFailedException("the resource was changed since the version given in If-Match");
        }
        if (e instanceof HttpMessageNotReadableException unreadable) {
            return unreadable(unreadable);
        }
        if (e instanceof HttpMediaTypeNotSupportedException media) {
            return ScimErrors.exception(415, null, (media.getContentType() == null ? "no Content-Type"
                    : "Content-Type '" + media.getContentType() + "'")
                    + " is not accepted; send application/scim+json or application/json");
        }
        if (e instanceof HttpMediaTypeNotAcceptableException) {
            return ScimErrors.exception(406, null, "this endpoint answers in application/scim+json or application/json");
        }
        if (e instanceof HttpRequestMethodNotSupportedException method) {
            return ScimErrors.exception(405, null, method.getMethod() + " is not supported here"
                    + (method.getSupportedMethods() == null ? ""
                    : "; allowed: " + String.join(", ", method.getSupportedMethods())));
        }
        if (e instanceof NoResourceFoundException) {
            return new ResourceNotFoundException("there is no SCIM endpoint at this path");
        }
        if (e instanceof MissingServletRequestParameterException missing) {
            return BadRequestException.invalidValue("query parameter '" + missing.getParameterName() + "' is required");
        }
        if (e instanceof MissingRequestHeaderException header) {
            return BadRequestException.invalidValue("header '" + header.getHeaderName() + "' is required");
        }
        if (e instanceof MethodArgumentTypeMismatchException mismatch) {
            return BadRequestException.invalidValue("'" + mismatch.getName() + "' has an invalid value");
        }
        if (e instanceof BindException binding) {
            FieldError field = binding.getFieldError();
            return BadRequestException.invalidValue(field == null ? "a query parameter has an invalid value"
                    : "query parameter '" + field.getField() + "' has an invalid value; startIndex and count take "
                    + "whole numbers");
        }
        String reference = UUID.randomUUID().toString();
        log.error("unexpected error in a SCIM request, reference {}", reference, e);
        return ScimErrors.exception(500, null, "an unexpected error occurred; quote reference " + reference
                + " to support");
    }

    /**
     * A body that is not JSON, or not of the expected shape: 400 invalidSyntax (RFC 7644 §3.12: "the request body
     * message structure was invalid or did not conform to the request schema"), an unknown attribute included.
     */
    private static ScimException unreadable(HttpMessageNotReadableException e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof DomainException domain) {
                return ScimErrors.of(domain);
            }
            if (t instanceof ScimException scim) {
                return scim;
            }
        }
        Throwable cause = e.getCause();
        if (cause instanceof UnrecognizedPropertyException unknown) {
            return BadRequestException.invalidSyntax("unknown attribute '" + unknown.getPropertyName() + "'");
        }
        if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().getLast().getFieldName();
            return BadRequestException.invalidSyntax("attribute '" + (field == null ? "?" : field)
                    + "' is missing or has the wrong type");
        }
        return BadRequestException.invalidSyntax("the request body must be a JSON object");
    }
}
