package io.appcredentials.keycloak.model.jpa;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.appcredentials.keycloak.model.RecentUse;

/**
 * The RECENT_USES column: the last {@link #MAX} distinct source addresses of a credential with the time each was
 * last seen, most recent first, as {@code ip@epochMillis} separated by spaces (IPv6 addresses contain colons, never
 * {@code @} or spaces). Entries that do not parse are dropped.
 */
final class RecentUses {

    static final int MAX = 5;
    /** The longest textual IP address (IPv6 with an embedded IPv4 address and a zone is longer, and not kept). */
    private static final int MAX_IP = 45;

    private RecentUses() {
    }

    static List<RecentUse> parse(String column) {
        List<RecentUse> out = new ArrayList<>();
        if (column == null || column.isBlank()) {
            return out;
        }
        for (String entry : column.trim().split(" +")) {
            int at = entry.lastIndexOf('@');
            if (at <= 0) {
                continue;
            }
            try {
                out.add(new RecentUse(entry.substring(0, at), Long.parseLong(entry.substring(at + 1))));
            } catch (NumberFormatException e) {
                // dropped
            }
        }
        return out;
    }

    /** The stored list with the addresses seen since merged in: latest time per address, the newest {@link #MAX}. */
    static List<RecentUse> merge(List<RecentUse> stored, Map<String, Long> seen) {
        Map<String, Long> latest = new HashMap<>();
        for (RecentUse use : stored) {
            latest.merge(use.ip(), use.lastSeenAt(), Math::max);
        }
        seen.forEach((ip, at) -> {
            if (ip != null && !ip.isEmpty() && ip.length() <= MAX_IP && ip.indexOf('@') < 0 && ip.indexOf(' ') < 0 && at != null) {
                latest.merge(ip, at, Math::max);
            }
        });
        return latest.entrySet().stream()
                .map(e -> new RecentUse(e.getKey(), e.getValue()))
                .sorted(Comparator.comparingLong(RecentUse::lastSeenAt).reversed().thenComparing(RecentUse::ip))
                .limit(MAX)
                .toList();
    }

    static String format(List<RecentUse> uses) {
        return uses.isEmpty() ? null : uses.stream().map(u -> u.ip() + "@" + u.lastSeenAt()).collect(Collectors.joining(" "));
    }
}
