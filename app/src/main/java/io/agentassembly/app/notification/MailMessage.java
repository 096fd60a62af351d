package io.agentassembly.app.notification;

/** A rendered e-mail. Its body may hold a single-use link token, so it is never stored. */
public record MailMessage(String to, String subject, String body) {
    @Override
    public String toString() {
        return "MailMessage[to=" + to + ", subject=" + subject + "]";
    }
}
