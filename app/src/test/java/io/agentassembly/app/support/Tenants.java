package io.agentassembly.app.support;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

    /**
     * Signs up, verifies the e-mail from the link that arrived by SMTP, and signs in as the Owner (the sign-up
     * answer names no ids: they come from {@code GET /auth/me}).
     */
    public Member signUp(String tier) {
        String email = uniqueEmail("owner");
        Api.Response signUp = api.post("/api/v1/signup", null, json("email", email, "password", PASSWORD,
                "workspace_name", "Acme " + email, "region", "eu-west-1", "tier", tier));
        assertThat(signUp.status()).as(signUp.body().toString()).isEqualTo(202);
        Api.Response verified = api.post("/api/v1/signup/verify", null, json("token", mailedToken(email)));
        assertThat(verified.status()).as(verified.body().toString()).isEqualTo(200);
        Member signedIn = login(null, null, email);
        Api.Response me = api.get("/api/v1/auth/me", signedIn.accessToken());
        assertThat(me.status()).as(me.body().toString()).isEqualTo(200);
        return new Member(me.text("workspace_id"), me.text("user_id"), email, signedIn.accessToken(),
                signedIn.refreshToken());
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
        return mailedToken(recipient, 1);
    }

    /** The token of the newest mail to the recipient once at least {@code mailsWithToken} mails with one arrived. */
    public String mailedToken(String recipient, int mailsWithToken) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (Instant.now().isBefore(deadline)) {
            List<String> tokens = new ArrayList<>();
            for (String text : mailTo(recipient)) {
                Matcher matcher = TOKEN.matcher(text);
                if (matcher.find()) {
                    tokens.add(matcher.group(1));
                }
            }
            if (tokens.size() >= mailsWithToken) {
                return tokens.getLast();
            }
            sleep();
        }
        throw new AssertionError(mailsWithToken + " mails with a token did not reach " + recipient);
    }

    /** Subject and body of every mail the recipient got so far, oldest first. */
    public List<String> mailTo(String recipient) {
        List<String> texts = new ArrayList<>();
        for (Message message : mail.getReceivedMessages()) {
            if (isFor(message, recipient)) {
                texts.add(subject(message) + "\n" + text(message));
            }
        }
        return texts;
    }

    /** Waits until the recipient got a mail whose subject or body contains {@code text}, and returns it. */
    public String awaitMail(String recipient, String text) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (Instant.now().isBefore(deadline)) {
            for (String mail : mailTo(recipient)) {
                if (mail.contains(text)) {
                    return mail;
                }
            }
            sleep();
        }
        throw new AssertionError("no mail containing '" + text + "' reached " + recipient);
    }

    private static String subject(Message message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
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
