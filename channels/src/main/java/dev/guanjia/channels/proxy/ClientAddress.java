package dev.guanjia.channels.proxy;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Who is really connecting, for per-client limits. Behind a reverse proxy every request comes from
 * the proxy's address, so one person at their limit would block everyone; the forwarded headers are
 * believed only from the proxies the operator lists ({@code http.trusted_proxies}), because anyone
 * else could write them. X-Forwarded-For is read from the right: the first address that is not a
 * trusted proxy is the client.
 */
public final class ClientAddress {

    private static volatile List<Range> trusted = List.of();

    private ClientAddress() {
    }

    /** Sets the trusted proxies once at start: addresses or CIDR ranges ("127.0.0.1", "10.0.0.0/8", "::1"). */
    public static void trust(List<String> proxies) {
        List<Range> ranges = new ArrayList<>();
        for (String p : proxies) {
            ranges.add(Range.parse(p.strip()));
        }
        trusted = List.copyOf(ranges);
    }

    /** Checks a setting's entries; returns the ones that are not an address or a CIDR range. */
    public static List<String> invalid(List<String> proxies) {
        List<String> bad = new ArrayList<>();
        for (String p : proxies) {
            try {
                Range.parse(p.strip());
            } catch (IllegalArgumentException e) {
                bad.add(p);
            }
        }
        return bad;
    }

    /**
     * A test of addresses against ranges parsed once (addresses or CIDR, as {@link #invalid} accepts):
     * true for an address literal inside one of them, false for anything else (never a DNS lookup).
     */
    public static java.util.function.Predicate<String> within(List<String> ranges) {
        List<Range> parsed = ranges.stream().map(r -> Range.parse(r.strip())).toList();
        return address -> {
            byte[] bytes = literal(address);
            return bytes != null && parsed.stream().anyMatch(r -> r.contains(bytes));
        };
    }

    public static String of(ServerRequest req) {
        String peer = req.remotePeer().host();
        if (!isTrusted(peer)) {
            return peer;
        }
        String forwarded = req.headers().first(HeaderNames.X_FORWARDED_FOR).orElse(null);
        if (forwarded != null) {
            String[] hops = forwarded.split(",");
            for (int i = hops.length - 1; i >= 0; i--) {
                String hop = hops[i].strip();
                if (!hop.isEmpty() && !isTrusted(hop)) {
                    return hop;
                }
            }
        }
        return req.headers().first(HeaderNames.create("X-Real-IP")).map(String::strip)
                .filter(s -> !s.isEmpty()).orElse(peer);
    }

    static boolean isTrusted(String address) {
        if (trusted.isEmpty()) {
            return false;
        }
        byte[] bytes = literal(address);
        return bytes != null && trusted.stream().anyMatch(r -> r.contains(bytes));
    }

    /** The bytes of an address literal; null for anything else (never a DNS lookup). */
    private static byte[] literal(String address) {
        String a = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        if (!a.matches("[0-9.]+") && !a.matches("[0-9A-Fa-f:.]+")) {
            return null;
        }
        try {
            return InetAddress.getByName(a).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private record Range(byte[] network, int bits) {

        static Range parse(String text) {
            String[] parts = text.split("/", 2);
            byte[] address = literal(parts[0]);
            if (address == null) {
                throw new IllegalArgumentException("not an address: " + text);
            }
            int bits = address.length * 8;
            if (parts.length == 2) {
                try {
                    bits = Integer.parseInt(parts[1]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("not a prefix length: " + text);
                }
                if (bits < 0 || bits > address.length * 8) {
                    throw new IllegalArgumentException("prefix length out of range: " + text);
                }
            }
            return new Range(address, bits);
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >> (i % 8);
                if ((address[i / 8] & mask) != (network[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
