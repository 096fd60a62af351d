package io.agentassembly.app.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * The bodies sent to destinations (docs/alerts.md). Webhook: the alert's JSON with its {@code delivery_id}, signed
 * {@code v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>}. Slack: an incoming-webhook message, {@code text}
 * (the notification fallback) and {@code blocks}.
 */
public final class AlertBodies {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AlertBodies() {
    }

    public static String webhook(String alertJson, String deliveryId) {
        ObjectNode alert = parse(alertJson);
        ObjectNode body = JSON.createObjectNode().put("delivery_id", deliveryId);
        body.setAll(alert);
        return write(body);
    }

    /** {@code v1=} and the lower-case hex HMAC-SHA256 of {@code timestamp + "." + body} under the secret's UTF-8 bytes. */
    public static String signature(String secret, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1=" + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String slack(String alertJson) {
        ObjectNode alert = parse(alertJson);
        String headline;
        String details;
        if ("test".equals(alert.path("type").asText())) {
            headline = "Agent Assembly test alert";
            details = "This destination receives budget alerts of workspace `" + escape(text(alert, "workspace_id")) + "`.";
        } else {
            String subject = alert.hasNonNull("budget_name")
                    ? "Budget *" + escape(text(alert, "budget_name")) + "*"
                    : "The " + escape(text(alert, "tier")) + " " + escape(text(alert, "window")) + " limit";
            String metric = "usd".equals(text(alert, "metric")) ? "USD" : "token";
            String amount = "usd".equals(text(alert, "metric"))
                    ? "$" + text(alert, "used") + " of $" + text(alert, "limit")
                    : text(alert, "used") + " of " + text(alert, "limit") + " tokens";
            headline = subject + " reached " + alert.path("threshold_percent").asInt() + "% of its " + metric + " limit";
            details = amount + " in the " + escape(text(alert, "window")) + " window from "
                    + escape(text(alert, "window_start")) + " (" + escape(text(alert, "timezone")) + "); scope `"
                    + escape(text(alert, "scope_id")) + "`" + (alert.hasNonNull("org_id")
                    ? ", org `" + escape(text(alert, "org_id")) + "`" : "")
                    + "; at the limit: " + escape(text(alert, "action")) + ".";
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("text", headline + ": " + details);
        ArrayNode blocks = body.putArray("blocks");
        ObjectNode section = blocks.addObject().put("type", "section");
        section.putObject("text").put("type", "mrkdwn").put("text", ":warning: " + headline + "\n" + details);
        ObjectNode context = blocks.addObject().put("type", "context");
        context.putArray("elements").addObject().put("type", "mrkdwn")
                .put("text", "Agent Assembly · alert " + escape(text(alert, "alert_id")));
        return write(body);
    }

    private static String text(JsonNode alert, String field) {
        return alert.path(field).isNull() || alert.path(field).isMissingNode() ? "-" : alert.path(field).asText();
    }

    /** Slack's three control characters in mrkdwn. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static ObjectNode parse(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
