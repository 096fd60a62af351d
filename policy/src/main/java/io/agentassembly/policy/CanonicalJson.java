package io.agentassembly.policy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** A document's canonical JSON (sorted keys, explicit defaults, normalised values) and its content digest. */
final class CanonicalJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private CanonicalJson() {
    }

    static String of(PolicyDocument document) {
        Map<String, Object> metadata = new TreeMap<>();
        metadata.put("name", document.name());
        putIfSet(metadata, "version", document.label());
        putIfSet(metadata, "description", document.description());

        Map<String, Object> spec = new TreeMap<>();
        spec.put("scope", document.scope().text());
        spec.put("enforcement_mode", document.enforcementMode().name().toLowerCase(Locale.ROOT));
        if (document.network() != null) {
            spec.put("network", Map.of("allowlist", document.network().allowlist()));
        }
        if (document.schedule() != null) {
            PolicyDocument.Schedule s = document.schedule();
            spec.put("schedule", Map.of("active_hours",
                    Map.of("start", s.start(), "end", s.end(), "timezone", s.timezone())));
        }
        if (document.budget() != null) {
            PolicyDocument.Budget b = document.budget();
            Map<String, Object> budget = new TreeMap<>();
            putIfSet(budget, "daily_limit_usd", b.dailyLimitUsd());
            putIfSet(budget, "monthly_limit_usd", b.monthlyLimitUsd());
            putIfSet(budget, "team_daily_limit_usd", b.teamDailyLimitUsd());
            putIfSet(budget, "team_monthly_limit_usd", b.teamMonthlyLimitUsd());
            putIfSet(budget, "org_daily_limit_usd", b.orgDailyLimitUsd());
            putIfSet(budget, "org_monthly_limit_usd", b.orgMonthlyLimitUsd());
            budget.put("timezone", b.timezone());
            budget.put("action_on_exceed", b.actionOnExceed());
            spec.put("budget", budget);
        }
        if (document.data() != null) {
            spec.put("data", Map.of(
                    "credential_action", document.data().credentialAction().name().toLowerCase(Locale.ROOT),
                    "sensitive_patterns", document.data().sensitivePatterns()));
        }
        Map<String, Object> tools = new TreeMap<>();
        document.tools().forEach((key, rule) -> {
            Map<String, Object> r = new TreeMap<>();
            putIfSet(r, "allow", rule.allow());
            putIfSet(r, "limit_per_hour", rule.limitPerHour());
            putIfSet(r, "requires_approval_if", rule.requiresApprovalIf());
            tools.put(key, r);
        });
        spec.put("tools", tools);

        Map<String, Object> root = new TreeMap<>();
        root.put("apiVersion", DocumentValidator.API_VERSION);
        root.put("kind", DocumentValidator.KIND);
        root.put("metadata", metadata);
        root.put("spec", spec);
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("canonical JSON of a validated document", e);
        }
    }

    static String digest(String canonicalJson) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonicalJson.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static void putIfSet(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value instanceof BigDecimal d ? d.stripTrailingZeros() : value);
        }
    }
}
