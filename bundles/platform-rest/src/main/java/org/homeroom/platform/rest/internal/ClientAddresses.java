package org.homeroom.platform.rest.internal;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Who the client is: the socket's address, or, when that is a trusted proxy, the nearest address in
 * X-Forwarded-For that is not a trusted proxy (read from the right: the left part is whatever the
 * client wrote). Addresses are parsed as literals only, never looked up in DNS.
 */
final class ClientAddresses {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

    private record Range(BigInteger network, int prefix, int bits) {
        boolean contains(InetAddress address) {
            int size = address.getAddress().length * 8;
            if (size != bits) {
                return false;
            }
            BigInteger value = new BigInteger(1, address.getAddress());
            return value.shiftRight(bits - prefix).equals(network.shiftRight(bits - prefix));
        }
    }

    private final List<Range> trusted;

    ClientAddresses(String trustedProxies) {
        List<Range> ranges = new ArrayList<>();
        for (String entry : trustedProxies == null ? new String[0] : trustedProxies.split(",")) {
            String text = entry.trim();
            if (text.isEmpty()) {
                continue;
            }
            String[] parts = text.split("/", 2);
            InetAddress address = literal(parts[0]);
            if (address == null) {
                throw new IllegalArgumentException("trustedProxies: '" + text + "' is not an IP address or CIDR range");
            }
            int bits = address.getAddress().length * 8;
            int prefix = parts.length == 2 ? Integer.parseInt(parts[1].trim()) : bits;
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("trustedProxies: '" + text + "' has a prefix outside 0-" + bits);
            }
            ranges.add(new Range(new BigInteger(1, address.getAddress()), prefix, bits));
        }
        this.trusted = List.copyOf(ranges);
    }

    /** @param forwardedFor every X-Forwarded-For header of the request, in order (may be empty) */
    String client(String socketAddress, List<String> forwardedFor) {
        if (trusted.isEmpty() || !isTrusted(socketAddress)) {
            return socketAddress;
        }
        List<String> hops = new ArrayList<>();
        for (String header : forwardedFor == null ? List.<String>of() : forwardedFor) {
            for (String hop : header.split(",")) {
                if (!hop.isBlank()) {
                    hops.add(hop.trim());
                }
            }
        }
        String nearest = socketAddress;
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = withoutPort(hops.get(i));
            if (literal(hop) == null) {
                // garbage written by someone: the proxy that passed it on is the last address we can vouch for
                return nearest;
            }
            if (!isTrusted(hop)) {
                return hop;
            }
            nearest = hop;
        }
        return nearest;
    }

    private boolean isTrusted(String address) {
        InetAddress parsed = literal(withoutPort(address));
        return parsed != null && trusted.stream().anyMatch(r -> r.contains(parsed));
    }

    /** "1.2.3.4:5678" → "1.2.3.4"; "[2001:db8::1]:443" → "2001:db8::1". */
    static String withoutPort(String address) {
        if (address == null) {
            return null;
        }
        String a = address.trim();
        if (a.startsWith("[")) {
            int end = a.indexOf(']');
            return end > 0 ? a.substring(1, end) : a;
        }
        int colon = a.indexOf(':');
        return colon > 0 && a.indexOf(':', colon + 1) < 0 ? a.substring(0, colon) : a;
    }

    /** The address if the text is an IP literal, else null (no DNS lookup, ever). */
    static InetAddress literal(String text) {
        if (text == null || text.isEmpty() || text.length() > 45) {
            return null;
        }
        boolean v4 = IPV4.matcher(text).matches();
        if (!v4 && !(text.contains(":") && IPV6.matcher(text).matches())) {
            return null;
        }
        if (v4) {
            for (String octet : text.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    return null;
                }
            }
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
