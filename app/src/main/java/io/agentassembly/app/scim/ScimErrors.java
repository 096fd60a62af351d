package io.agentassembly.app.scim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.PreconditionFailedException;
import com.unboundid.scim2.common.exceptions.ResourceConflictException;
import com.unboundid.scim2.common.exceptions.ResourceNotFoundException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.messages.ErrorResponse;
import com.unboundid.scim2.common.utils.JsonUtils;
import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.identity.web.ScimErrorWriter;
import io.agentassembly.command.api.common.ErrorCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The SCIM error model (RFC 7644 §3.12): every error under {@code /scim/v2} is an
 * {@code urn:ietf:params:scim:api:messages:2.0:Error} body with {@code status} (a string, as the RFC's examples
 * and the SDK write it), {@code detail} and, for 400s and 409s where one fits, {@code scimType}; served as
 * {@code application/scim+json}. Never a stack trace.
 * <p>
 * Domain refusals map by their {@link ErrorCode.Kind}:
 * INVALID → 400 invalidValue; NOT_FOUND → 404; CONFLICT → 409 ({@code EMAIL_TAKEN} and {@code SLUG_TAKEN} with
 * scimType uniqueness), except {@code LAST_OWNER} → 400 mutability (the change would leave the workspace
 * without an Owner: the value cannot be changed in that state), and a CONFLICT on the {@code version} /
 * {@code expectedVersion} field → 412 (the ETag no longer matches); UNPROCESSABLE → 400 invalidValue;
 * UNAUTHENTICATED → 401; FORBIDDEN → 403; GONE → 404; RATE_LIMITED → 429; INTERNAL → 500.
 */
public final class ScimErrors {

    public static final String SCIM_JSON_VALUE = ScimErrorWriter.SCIM_JSON;
    public static final MediaType SCIM_JSON = MediaType.parseMediaType(SCIM_JSON_VALUE);

    private ScimErrors() {
    }

    /** The SCIM error body of an SDK exception, as JSON the SDK's own mapper writes. */
    public static ObjectNode body(ScimException e) {
        return body(e.getScimError());
    }

    public static ObjectNode body(ErrorResponse error) {
        return JsonUtils.valueToNode(error);
    }

    public static ResponseEntity<ObjectNode> response(ScimException e) {
        ErrorResponse error = e.getScimError();
        int status = error.getStatus() == null ? 500 : error.getStatus();
        return ResponseEntity.status(status).contentType(SCIM_JSON).body(body(error));
    }

    public static ResponseEntity<ObjectNode> response(int status, String scimType, String detail) {
        return response(exception(status, scimType, detail));
    }

    public static ScimException exception(int status, String scimType, String detail) {
        return new ScimException(status, scimType, detail);
    }

    public static ResourceNotFoundException notFound(String detail) {
        return new ResourceNotFoundException(detail);
    }

    public static PreconditionFailedException preconditionFailed(String detail) {
        return new PreconditionFailedException(detail);
    }

    /** The SCIM error for a refusal of the domain (see the class comment for the mapping). */
    public static ScimException of(DomainException e) {
        ErrorCode code = e.code();
        String detail = e.getMessage() == null ? code.name() : e.getMessage();
        String field = e.details() == null ? null : e.details().field();
        if (code == ErrorCode.LAST_OWNER) {
            return BadRequestException.mutability(detail);
        }
        return switch (code.kind()) {
            case INVALID, UNPROCESSABLE -> BadRequestException.invalidValue(detail);
            case NOT_FOUND, GONE -> new ResourceNotFoundException(detail);
            case CONFLICT -> {
                if ("version".equals(field) || "expectedVersion".equals(field)) {
                    yield new PreconditionFailedException(detail);
                }
                if (code == ErrorCode.EMAIL_TAKEN || code == ErrorCode.SLUG_TAKEN || code == ErrorCode.GROUP_NAME_TAKEN) {
                    yield ResourceConflictException.uniqueness(detail);
                }
                yield new ResourceConflictException(detail);
            }
            case PRECONDITION_FAILED -> new PreconditionFailedException(detail);
            case UNAUTHENTICATED -> exception(401, null, detail);
            case FORBIDDEN -> exception(403, null, detail);
            case RATE_LIMITED -> exception(429, null, detail);
            case INTERNAL -> exception(500, null, "an unexpected error occurred");
        };
    }
}
