package io.agentassembly.app.web;

import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The small pages e-mailed links open (verification, invitation) until a web console replaces them: public,
 * self-contained (same-origin script and style only, no inline code, so a strict CSP holds), and calling the
 * public REST endpoints with the token the link carries. The token travels in the link's fragment, which browsers
 * never send to a server; links from older mails carry it in the query, which the pages read as well.
 */
@Hidden
@RestController
public class LinkPagesController {

    public static final String VERIFY_EMAIL = "/verify-email";
    public static final String ACCEPT_INVITATION = "/accept-invitation";

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'";

    private static final MediaType HTML = new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8);
    private static final MediaType SCRIPT = MediaType.parseMediaType("text/javascript;charset=UTF-8");
    private static final MediaType STYLE = MediaType.parseMediaType("text/css;charset=UTF-8");

    private final byte[] verifyEmail = read("verify-email.html");
    private final byte[] acceptInvitation = read("accept-invitation.html");
    private final byte[] script = read("link-pages.js");
    private final byte[] style = read("link-pages.css");

    @GetMapping(VERIFY_EMAIL)
    public ResponseEntity<byte[]> verifyEmail() {
        return page(HTML, verifyEmail);
    }

    @GetMapping(ACCEPT_INVITATION)
    public ResponseEntity<byte[]> acceptInvitation() {
        return page(HTML, acceptInvitation);
    }

    @GetMapping("/pages/link-pages.js")
    public ResponseEntity<byte[]> script() {
        return page(SCRIPT, script);
    }

    @GetMapping("/pages/link-pages.css")
    public ResponseEntity<byte[]> style() {
        return page(STYLE, style);
    }

    private static ResponseEntity<byte[]> page(MediaType type, byte[] body) {
        return ResponseEntity.ok()
                .contentType(type)
                .cacheControl(CacheControl.noStore())
                .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .header("Referrer-Policy", "no-referrer")
                .body(body);
    }

    private static byte[] read(String name) {
        try (var in = new ClassPathResource("link-pages/" + name).getInputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("link page " + name + " is missing from the build", e);
        }
    }
}
