package io.agentassembly.app.alert;

import io.agentassembly.command.api.alert.AlertDestinationKind;
import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.command.api.common.TextInput;

import java.net.IDN;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * What an alert destination's URL may be, and what of it may be shown. Accepted: an absolute {@code https} URL
 * (plain {@code http} only with {@code aasm.alerts.allow-plain-http}) with a host, no user info and no fragment, at
 * most {@value #MAX_LENGTH} characters. Shown: for Slack only the host and the last 4 characters of the path (the
 * path is the secret), for webhooks scheme, host, port and path, a query as {@code ?…}. Addresses that are
 * loopback, private, link-local or otherwise not public are refused (at creation for literal addresses, at every
 * delivery after resolving the host) unless {@code aasm.alerts.allow-private-addresses}.
 */
public final class AlertUrls {

    public static final int MAX_LENGTH = 2000;
    static final int TARGET_MAX = 300;

    private final boolean allowPlainHttp;
    private final boolean allowPrivateAddresses;

    public AlertUrls(AlertProperties properties) {
        this.allowPlainHttp = properties.allowPlainHttp();
        this.allowPrivateAddresses = properties.allowPrivateAddresses();
    }

    /** The parsed URL, or VALIDATION_FAILED on {@code field} saying what to send; the message never repeats the URL. */
    public URI validate(String url, String field) {
        if (url == null || url.isBlank()) {
            throw invalid(field, field + " is required");
        }
        String trimmed = url.trim();
        if (trimmed.length() > MAX_LENGTH) {
            throw invalid(field, field + " must be at most " + MAX_LENGTH + " characters");
        }
        if (TextInput.firstViolation(trimmed, TextInput.Lines.ONE) >= 0 || trimmed.contains(" ")) {
            throw invalid(field, field + " must not contain spaces or control characters");
        }
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw invalid(field, field + " is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowPlainHttp && scheme.equals("http"))) {
            throw invalid(field, field + " must be an https:// URL");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw invalid(field, field + " must name a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw invalid(field, field + " must not contain a user name or password");
        }
        if (uri.getRawFragment() != null) {
            throw invalid(field, field + " must not contain a #fragment");
        }
        if (!allowPrivateAddresses && isLiteralNonPublic(uri.getHost())) {
            throw invalid(field, field + " must point to a public address, not a loopback, private or link-local one");
        }
        return uri;
    }

    /** Null when the host resolves only to public addresses (or private ones are allowed), else why not. */
    public String refusalAtDelivery(URI uri) {
        if (allowPrivateAddresses) {
            return null;
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(uri.getHost())) {
                if (nonPublic(address)) {
                    return "the destination's host resolves to a loopback, private or link-local address";
                }
            }
            return null;
        } catch (UnknownHostException e) {
            return "the destination's host was not found";
        }
    }

    /** What may be shown of the URL (responses, events, the audit log). */
    public static String target(AlertDestinationKind kind, URI uri) {
        String host = hostPort(uri);
        if (kind == AlertDestinationKind.SLACK) {
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            String tail = path.length() > 12 ? path.substring(path.length() - 4) : "";
            return host + "/…" + (tail.isEmpty() ? "" : "/" + tail.replace("/", ""));
        }
        String shown = uri.getScheme().toLowerCase(Locale.ROOT) + "://" + host
                + (uri.getRawPath() == null ? "" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?…");
        return shown.length() <= TARGET_MAX ? shown : shown.substring(0, TARGET_MAX - 1) + "…";
    }

    private static String hostPort(URI uri) {
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        return uri.getPort() < 0 ? host : host + ":" + uri.getPort();
    }

    private static boolean isLiteralNonPublic(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost") || h.endsWith(".localhost")) {
            return true;
        }
        boolean literal = h.startsWith("[") || h.chars().allMatch(c -> Character.isDigit(c) || c == '.');
        if (!literal) {
            return false;
        }
        try {
            return nonPublic(InetAddress.getByName(IDN.toASCII(h.replace("[", "").replace("]", ""))));
        } catch (UnknownHostException | IllegalArgumentException e) {
            return true;
        }
    }

    private static boolean nonPublic(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (b.length == 4) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 || (first == 100 && second >= 64 && second < 128) // carrier-grade NAT
                    || (first == 192 && second == 0 && (b[2] & 0xff) == 0) || first >= 240;
        }
        return (b[0] & 0xfe) == 0xfc; // IPv6 unique local fc00::/7
    }

    private static DomainException invalid(String field, String message) {
        return new DomainException(ErrorCode.VALIDATION_FAILED, field, message);
    }
}
