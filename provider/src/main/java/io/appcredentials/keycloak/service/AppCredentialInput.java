package io.appcredentials.keycloak.service;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

import io.appcredentials.keycloak.model.AppCredentialException;
import io.appcredentials.keycloak.policy.RealmPolicy;
import io.appcredentials.keycloak.restriction.AccessRule;
import io.appcredentials.keycloak.restriction.Cidr;
import io.appcredentials.keycloak.text.Text;

/**
 * What a request gives, turned into the domain's values: names and descriptions as printable text, expiries as
 * instants within the policy, access rules and networks parsed. Each refusal is a 400 that names the field (and the
 * index in a list). Checks that need the realm (roles, applications, scopes) are {@link AppCredentialService}'s.
 */
public final class AppCredentialInput {

    public static final int MAX_NAME = 64;
    public static final int MAX_DESCRIPTION = 255;
    /** Tolerance on the lifetime ceiling for clocks and for a date picked at the ceiling. */
    private static final long CEILING_GRACE_MILLIS = 60_000;

    private AppCredentialInput() {
    }

    public static String validName(String name) {
        if (name == null || name.isBlank()) {
            throw AppCredentialException.invalid("name", "name is required");
        }
        String valid = Text.singleLine("name", name, MAX_NAME);
        if (valid.contains(Text.ENCODED_WORD_START)) {
            // names go into mail subjects, where mail programs decode "=?charset?B?…?=" into any characters at all
            throw AppCredentialException.invalid("name", "name must not contain '=?', which mail programs read as the start of encoded text");
        }
        return valid;
    }

    public static String validDescription(String description) {
        return description == null ? null : Text.multiLine("description", description, MAX_DESCRIPTION);
    }

    /**
     * An ISO-8601 date-time, or a date meaning the end of that day (UTC), capped at the policy ceiling so that
     * the last day offered by a date picker is accepted.
     */
    public static long parseExpiry(String field, String value, long now, RealmPolicy policy) {
        long ceiling = now + days(policy.maxLifetimeDays());
        Instant instant = parseInstant(value);
        if (instant == null) {
            throw AppCredentialException.invalid(field, field + " must be an ISO-8601 date (2027-01-31) or date-time (2027-01-31T12:00:00Z)");
        }
        // Compared as instants first: a value far outside any policy may not fit in milliseconds since 1970.
        if (!instant.isAfter(Instant.ofEpochMilli(now))) {
            throw AppCredentialException.invalid(field, field + " must be in the future");
        }
        boolean dateOnly = value.length() == 10;
        // the last day a date picker offers ends after the ceiling: a date is capped at it
        Instant limit = Instant.ofEpochMilli(ceiling + CEILING_GRACE_MILLIS).plus(dateOnly ? 1 : 0, ChronoUnit.DAYS);
        if (instant.isAfter(limit)) {
            throw AppCredentialException.invalid(field, field + " must be at most " + policy.maxLifetimeDays()
                    + " days from now (" + iso(ceiling) + ")");
        }
        return Math.min(instant.toEpochMilli(), ceiling);
    }

    /**
     * An ISO-8601 date (the end of that day, UTC: its last second) or date-time with an offset, or null when the
     * text is neither. Values beyond the range of {@link Instant} are null too.
     */
    public static Instant parseInstant(String value) {
        if (value == null || value.length() > 64) {
            return null;
        }
        try {
            if (value.length() == 10) {
                return LocalDate.parse(value).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusSeconds(1);
            }
            return OffsetDateTime.parse(value).toInstant();
        } catch (java.time.DateTimeException | ArithmeticException e) {
            try {
                return Instant.parse(value);
            } catch (java.time.DateTimeException | ArithmeticException e2) {
                return null;
            }
        }
    }

    /** The access rules, each checked, without repeats; a 400 names the rule's index and field. */
    public static List<AccessRule> accessRules(List<AppCredentialRequest.Rule> rules) {
        return distinct("accessRules", rules, AccessRule.MAX_RULES, "access rules", (field, rule) -> {
            if (rule == null) {
                throw AppCredentialException.invalid(field, field + " must be an object with method and path");
            }
            String problem = AccessRule.problem(rule.method(), rule.path());
            if (problem == null && Text.problem(rule.path()) != null) {
                problem = "path: " + Text.problem(rule.path());
            }
            if (problem != null) {
                String part = field + "." + (problem.startsWith("method") ? "method" : "path");
                throw AppCredentialException.invalid(part, part + ": " + problem);
            }
            return AccessRule.of(rule.method(), rule.path());
        });
    }

    /** The allowed networks, each parsed, without repeats; a 400 names the index. */
    public static List<Cidr> allowedCidrs(List<String> cidrs) {
        return distinct("allowedCidrs", cidrs, Cidr.MAX_CIDRS, "networks", (field, value) -> {
            Cidr cidr = Cidr.parse(value);
            if (cidr == null) {
                throw AppCredentialException.invalid(field, field + " must be an IPv4 or IPv6 network (10.0.0.0/8, 2001:db8::/32) or address");
            }
            return cidr;
        });
    }

    /**
     * Each item parsed ({@code parse} gets the item's field name, {@code list[i]}, for its refusals), in order and
     * without repeats; at most {@code max} items.
     */
    private static <I, T> List<T> distinct(String list, List<I> items, int max, String noun, BiFunction<String, I, T> parse) {
        if (items == null || items.isEmpty()) {
            return List.of();
        }
        if (items.size() > max) {
            throw AppCredentialException.invalid(list, "At most " + max + " " + noun + " per credential");
        }
        List<T> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            T parsed = parse.apply(list + "[" + i + "]", items.get(i));
            if (!out.contains(parsed)) {
                out.add(parsed);
            }
        }
        return List.copyOf(out);
    }

    /** Days to milliseconds without int overflow. */
    public static long days(int days) {
        return days * 86_400_000L;
    }

    public static String iso(long millis) {
        return Instant.ofEpochMilli(millis).truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
