package io.agentassembly.identity.limit;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * The subject of per-client-address limits. An IPv4 address is itself; an IPv6 address counts as its /64
 * network, since one host commonly holds a whole /64 and could otherwise change address at every call.
 */
public final class ClientAddresses {

    private static final String OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
    /** Only literals reach InetAddress.getByName, which then never asks DNS. */
    private static final Pattern LITERAL = Pattern.compile(OCTET + "(\\." + OCTET + "){3}|[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*");
    private static final int IPV6_NETWORK_BYTES = 8;

    private ClientAddresses() {
    }

    public static String of(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] network = Arrays.copyOf(address.getAddress(), 16);
            Arrays.fill(network, IPV6_NETWORK_BYTES, 16, (byte) 0);
            try {
                return InetAddress.getByAddress(network).getHostAddress() + "/64";
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
        return address.getHostAddress();
    }

    /** {@code remoteAddress} as the servlet container reports it (an IP literal; never resolved by name). */
    public static String of(String remoteAddress) {
        if (remoteAddress == null || remoteAddress.length() > 64 || !LITERAL.matcher(remoteAddress).matches()) {
            return remoteAddress == null ? "unknown" : remoteAddress.substring(0, Math.min(64, remoteAddress.length()));
        }
        try {
            return of(InetAddress.getByName(remoteAddress));
        } catch (UnknownHostException e) {
            return remoteAddress;
        }
    }
}
