package io.agentassembly.app.support;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.agentassembly.app.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Builds tenants and members through the public API, the way a customer would. */
public final class Tenants {

    public static final String PASSWORD = "Correct-Horse-9-Battery";
    private static final Pattern TOKEN = Pattern.compile("token=(\\S+)");

    public record Member(String workspaceId, String userId, String email, String accessToken, String refreshToken) {
    }

    private final Api api;
    private final GreenMail mail;

    public Tenants(Api api, GreenMail mail) {
        this.api = api;
        this.mail = mail;
    }

    public static String uniqueEmail(String who) {
        return who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    /** Signs up, verifies the e-mail from the link that arrived by SMTP, and signs in as the Owner. */
    public Member signUp(String tier) {
        String email = uniqueEmail("owner");
        Api.Response signUp = api.post("/api/v1/signup", null, json("email", email, "password", PASSWORD,
                "workspace_name", "Acme " + email, "region", "eu-west-1", "tier", tier));
        assertThat(signUp.status()).as(signUp.body().toString()).isEqualTo(202);
        Api.Response verified = api.post("/api/v1/signup/verify", null, json("token", mailedToken(email)));
        assertThat(verified.status()).as(verified.body().toString()).isEqualTo(200);
        return login(signUp.text("workspace_id"), signUp.text("user_id"), email);
    }

    /** Invites a user with a role, accepts from the e-mailed link, signs in as that user. */
    public Member invite(Member owner, String role) {
        String email = uniqueEmail(role.toLowerCase());
        Api.Response invited = api.post("/api/v1/invitations", owner.accessToken(), json("email", email, "role", role));
        assertThat(invited.status()).as(invited.body().toString()).isEqualTo(201);
        Api.Response accepted = api.post("/api/v1/invitations/accept", null,
                json("token", mailedToken(email), "password", PASSWORD));
        assertThat(accepted.status()).as(accepted.body().toString()).isEqualTo(201);
        return login(owner.workspaceId(), accepted.text("user_id"), email);
    }

    public Member login(String workspaceId, String userId, String email) {
        Api.Response login = api.post("/api/v1/auth/login", null, json("email", email, "password", PASSWORD));
        assertThat(login.status()).as(login.body().toString()).isEqualTo(200);
        return new Member(workspaceId, userId, email, login.text("access_token"), login.text("refresh_token"));
    }

    /** The token of the newest mail to the recipient, waiting for the outbox to deliver it. */
    public String mailedToken(String recipient) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (Instant.now().isBefore(deadline)) {
            String token = null;
            for (Message message : mail.getReceivedMessages()) {
                if (isFor(message, recipient)) {
                    Matcher matcher = TOKEN.matcher(text(message));
                    if (matcher.find()) {
                        token = matcher.group(1);
                    }
                }
            }
            if (token != null) {
                return token;
            }
            sleep();
        }
        throw new AssertionError("no mail with a token reached " + recipient);
    }

    private static String text(Message message) {
        try {
            return String.valueOf(message.getContent());
        } catch (MessagingException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isFor(Message message, String recipient) {
        try {
            return message.getAllRecipients()[0].toString().equalsIgnoreCase(recipient);
        } catch (MessagingException e) {
            return false;
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
