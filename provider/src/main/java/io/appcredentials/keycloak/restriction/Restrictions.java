package io.appcredentials.keycloak.restriction;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.type.TypeReference;

import org.keycloak.util.JsonSerialization;

/** How restrictions are stored: the rules as a JSON array, the networks in canonical form separated by spaces. */
public final class Restrictions {

    private Restrictions() {
    }

    public static String writeRules(List<AccessRule> rules) {
        if (rules == null || rules.isEmpty()) {
            return null;
        }
        try {
            return JsonSerialization.writeValueAsString(rules);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<AccessRule> readRules(String stored) {
        if (stored == null || stored.isBlank()) {
            return List.of();
        }
        try {
            return List.copyOf(JsonSerialization.readValue(stored, new TypeReference<List<AccessRule>>() { }));
        } catch (IOException e) {
            throw new IllegalStateException("Stored access rules are not readable", e);
        }
    }

    public static String writeCidrs(List<Cidr> cidrs) {
        return cidrs == null || cidrs.isEmpty() ? null : String.join(" ", cidrs.stream().map(Cidr::toString).toList());
    }

    /** Stored networks; one that no longer parses would match nothing, so it fails closed. */
    public static List<Cidr> readCidrs(String stored) {
        if (stored == null || stored.isBlank()) {
            return List.of();
        }
        List<Cidr> out = new ArrayList<>();
        for (String part : stored.trim().split("\\s+")) {
            Cidr cidr = Cidr.parse(part);
            if (cidr == null) {
                throw new IllegalStateException("Stored network is not readable");
            }
            out.add(cidr);
        }
        return List.copyOf(out);
    }
}
