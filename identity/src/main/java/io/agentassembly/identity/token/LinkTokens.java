package io.agentassembly.identity.token;

import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.command.api.common.ErrorCode;

import java.security.MessageDigest;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Tokens sent in e-mailed links (e-mail verification, invitations): {@code <workspace>.<reference>.<mac>}.
 * Nothing secret is stored anywhere: the MAC is recomputed from the platform key, and the aggregate decides
 * whether the reference is still pending, unexpired and unused.
 */
public final class LinkTokens {

    public enum Purpose { EMAIL_VERIFICATION, INVITATION }

    public record LinkReference(String workspaceId, String referenceId) {
    }

    private static final Pattern SHAPE = Pattern.compile("^(ws-[0-9a-f-]{36})\\.([0-9a-f]{32})\\.([A-Za-z0-9_-]{43})$");

    private final PlatformKey key;

    public LinkTokens(PlatformKey key) {
        this.key = key;
    }

    public String issue(Purpose purpose, String workspaceId, String referenceId) {
        return workspaceId + "." + referenceId + "." + mac(purpose, workspaceId, referenceId);
    }

    /** Returns the reference the token names, or refuses with TOKEN_INVALID if it is malformed or forged. */
    public LinkReference verify(Purpose purpose, String token) {
        var matcher = token == null ? null : SHAPE.matcher(token.trim());
        if (matcher == null || !matcher.matches()) {
            throw invalid();
        }
        String workspaceId = matcher.group(1);
        String referenceId = matcher.group(2);
        byte[] expected = mac(purpose, workspaceId, referenceId).getBytes();
        if (!MessageDigest.isEqual(expected, matcher.group(3).getBytes())) {
            throw invalid();
        }
        return new LinkReference(workspaceId, referenceId);
    }

    private String mac(Purpose purpose, String workspaceId, String referenceId) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(key.mac("link:" + purpose.name(), workspaceId + "|" + referenceId));
    }

    private static DomainException invalid() {
        return new DomainException(ErrorCode.TOKEN_INVALID, "token", "the token is not valid; use the link from the latest e-mail");
    }
}
