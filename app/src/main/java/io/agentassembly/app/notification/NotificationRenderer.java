package io.agentassembly.app.notification;

import io.agentassembly.identity.token.LinkTokens;
import io.agentassembly.identity.token.LinkTokens.Purpose;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Turns an outbox row into an e-mail, minting the link token from the row's reference at delivery time. Links open
 * the pages of {@code LinkPagesController}; the token is in the fragment, which browsers never send to a server.
 */
@Component
public class NotificationRenderer {

    public static final String EMAIL_VERIFICATION = "EMAIL_VERIFICATION";
    public static final String INVITATION = "INVITATION";
    public static final String SIGN_UP_EMAIL_IN_USE = "SIGN_UP_EMAIL_IN_USE";

    private final LinkTokens linkTokens;
    private final String baseUrl;

    public NotificationRenderer(LinkTokens linkTokens, @Value("${aasm.public-base-url}") String baseUrl) {
        this.linkTokens = linkTokens;
        this.baseUrl = baseUrl.replaceAll("/+$", "");
    }

    public MailMessage render(String kind, String workspaceId, String referenceId, String recipient) {
        return switch (kind) {
            case EMAIL_VERIFICATION -> {
                String token = linkTokens.issue(Purpose.EMAIL_VERIFICATION, workspaceId, referenceId);
                yield new MailMessage(recipient, "Verify your Agent Assembly workspace", """
                        Welcome to Agent Assembly.

                        Verify your e-mail address to activate workspace %s:
                        %s/verify-email#token=%s

                        API: POST %s/api/v1/signup/verify with {"token": "%s"}

                        If you did not sign up, ignore this message.
                        """.formatted(workspaceId, baseUrl, token, baseUrl, token));
            }
            case INVITATION -> {
                String token = linkTokens.issue(Purpose.INVITATION, workspaceId, referenceId);
                yield new MailMessage(recipient, "You are invited to an Agent Assembly workspace", """
                        You have been invited to Agent Assembly workspace %s.

                        Accept the invitation and choose a password:
                        %s/accept-invitation#token=%s

                        API: POST %s/api/v1/invitations/accept with {"token": "%s", "password": "..."}

                        The link works once and expires; ask the workspace Owner for a new one if needed.
                        """.formatted(workspaceId, baseUrl, token, baseUrl, token));
            }
            case SIGN_UP_EMAIL_IN_USE -> new MailMessage(recipient, "Someone tried to sign up with your address", """
                    Someone, perhaps you, tried to sign up for Agent Assembly with this e-mail address, which
                    already has an account. Nothing was changed and no new account was created.

                    If it was you, sign in: POST %s/api/v1/auth/login
                    If your sign-up is not verified yet, use the link we sent then, or ask for a new one:
                    POST %s/api/v1/signup/resend with {"email": "%s"}

                    If it was not you, you can ignore this message.
                    """.formatted(baseUrl, baseUrl, recipient));
            default -> throw new IllegalArgumentException("unknown notification kind " + kind);
        };
    }
}
