package io.agentassembly.app.scim;

import com.unboundid.scim2.common.exceptions.PreconditionFailedException;
import com.unboundid.scim2.common.exceptions.ResourceNotFoundException;
import com.unboundid.scim2.common.exceptions.UnauthorizedException;
import io.agentassembly.command.api.common.ActorType;
import io.agentassembly.identity.Caller;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What every SCIM request needs: the caller's workspace, an If-Match version, a not-found error. */
public final class ScimRequests {

    private static final Pattern VERSION = Pattern.compile("^\\s*(?:W/)?\"(\\d{1,18})\"\\s*$");

    private ScimRequests() {
    }

    /** The workspace of the SCIM token that made the request; nothing else reaches /scim/v2. */
    public static String workspaceOf(Caller caller) throws UnauthorizedException {
        if (caller == null || caller.actorType() != ActorType.SCIM || caller.workspaceId() == null) {
            throw new UnauthorizedException("a SCIM bearer token of the workspace is required");
        }
        return caller.workspaceId();
    }

    /** The version an If-Match header names; null when absent or {@code *}. */
    public static Long expectedVersion(String ifMatch) throws PreconditionFailedException {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return null;
        }
        Matcher matcher = VERSION.matcher(ifMatch);
        if (!matcher.matches()) {
            throw new PreconditionFailedException("If-Match names no version of this resource; send the ETag "
                    + "(meta.version) you read, e.g. W/\"3\"");
        }
        return Long.parseLong(matcher.group(1));
    }

    public static ResourceNotFoundException notFound(String resourceType, String id) {
        return ScimErrors.notFound("no " + resourceType + " with id '" + id + "' exists in the workspace");
    }
}
