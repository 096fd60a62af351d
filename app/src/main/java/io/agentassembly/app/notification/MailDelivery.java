package io.agentassembly.app.notification;

import jakarta.annotation.PostConstruct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * Sends mail through SMTP when {@code spring.mail.host} is configured. Without it (development) the mail is
 * written to the log instead, links included, so a developer can follow them.
 */
@Component
public class MailDelivery {

    private static final Logger log = LoggerFactory.getLogger(MailDelivery.class);

    private final JavaMailSender sender;
    private final String from;

    public MailDelivery(ObjectProvider<JavaMailSender> sender, @Value("${aasm.mail-from}") String from) {
        this.sender = sender.getIfAvailable();
        this.from = from;
    }

    @PostConstruct
    void announce() {
        if (sender == null) {
            log.warn("No SMTP server configured (spring.mail.host): e-mails are written to this log (development only).");
        }
    }

    public void deliver(MailMessage message) {
        if (sender == null) {
            log.info("development mail to {}: {}\n{}", message.to(), message.subject(), message.body());
            return;
        }
        SimpleMailMessage mail = new SimpleMailMessage();
        mail.setFrom(from);
        mail.setTo(message.to());
        mail.setSubject(message.subject());
        mail.setText(message.body());
        sender.send(mail);
    }
}
