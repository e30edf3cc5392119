package io.appcredentials.keycloak.policy;

import java.util.List;

import org.keycloak.models.RealmModel;

/**
 * The rotation part of the realm policy (issue 28): {@code maxRotationOverlapHours}, the longest a previous secret may
 * keep working after a regenerate (0 turns overlaps off). Stored as the realm attribute
 * {@code appCredentials.maxRotationOverlapHours} beside the rest of the policy ({@link RealmPolicy}).
 */
public final class RotationPolicy {

    public static final String FIELD = "maxRotationOverlapHours";
    public static final int DEFAULT_MAX_OVERLAP_HOURS = 168;
    public static final int MAX_OVERLAP_HOURS = 720;
    /** The overlaps a console offers (none, 1 hour, 1 day, 7 days), in seconds; those within the policy are shown. */
    public static final List<Long> CHOICES_SECONDS = List.of(0L, 3600L, 86_400L, 604_800L);

    private static final String ATTRIBUTE = RealmPolicy.PREFIX + FIELD;

    private RotationPolicy() {
    }

    /** The realm's maximum overlap in hours (the default when unset or unreadable). */
    public static int maxOverlapHours(RealmModel realm) {
        String v = realm.getAttribute(ATTRIBUTE);
        if (v == null || v.isBlank()) {
            return DEFAULT_MAX_OVERLAP_HOURS;
        }
        try {
            int hours = Integer.parseInt(v.trim());
            return hours < 0 || hours > MAX_OVERLAP_HOURS ? DEFAULT_MAX_OVERLAP_HOURS : hours;
        } catch (NumberFormatException e) {
            return DEFAULT_MAX_OVERLAP_HOURS;
        }
    }

    public static long maxOverlapSeconds(RealmModel realm) {
        return maxOverlapHours(realm) * 3600L;
    }

    /** The console's choices within the policy, in seconds. */
    public static List<Long> choices(RealmModel realm) {
        long max = maxOverlapSeconds(realm);
        return CHOICES_SECONDS.stream().filter(s -> s <= max).toList();
    }

    /** What is wrong with a value of the field, or null (null stands for the default). */
    public static RealmPolicy.Problem validate(Integer hours) {
        if (hours != null && (hours < 0 || hours > MAX_OVERLAP_HOURS)) {
            return new RealmPolicy.Problem(FIELD, "must be between 0 and " + MAX_OVERLAP_HOURS + " (0: no overlap on regenerate)");
        }
        return null;
    }

    /** Stores a validated value (null: the default). */
    public static void store(RealmModel realm, Integer hours) {
        realm.setAttribute(ATTRIBUTE, Integer.toString(hours == null ? DEFAULT_MAX_OVERLAP_HOURS : hours));
    }
}
