package io.appcredentials.keycloak.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.keycloak.models.RealmModel;

import io.appcredentials.keycloak.application.DefaultApplication;
import io.appcredentials.keycloak.model.Enums;

/**
 * The per-realm policy (SPEC §6), stored as realm attributes {@code appCredentials.*} so that Keycloak's realm
 * cache holds it and invalidates it across a cluster. Unset attributes take the defaults.
 */
public record RealmPolicy(boolean enabled,
                          boolean requireMfa,
                          int mfaMaxAgeSeconds,
                          int defaultLifetimeDays,
                          int maxLifetimeDays,
                          int maxPerUser,
                          OnMfaRemoved onMfaRemoved,
                          List<String> allowedClients,
                          Integer accessTokenLifespanSeconds,
                          int retentionDays) {

    public enum OnMfaRemoved {
        SUSPEND, REVOKE, KEEP;

        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The constant with this JSON value, or null. */
        public static OnMfaRemoved parse(String value) {
            return Enums.byValue(OnMfaRemoved.class, value, OnMfaRemoved::value);
        }
    }

    static final String PREFIX = "appCredentials.";

    public static final RealmPolicy DEFAULTS = new RealmPolicy(true, true, 300, 30, 365, 10, OnMfaRemoved.SUSPEND,
            List.of(DefaultApplication.CLIENT_ID), null, 30);

    /** Reads the realm's policy (realm attributes are cached by Keycloak; this costs no query). */
    public static RealmPolicy of(RealmModel realm) {
        Map<String, String> a = realm.getAttributes();
        return new RealmPolicy(
                bool(a, "enabled", DEFAULTS.enabled),
                bool(a, "requireMfa", DEFAULTS.requireMfa),
                integer(a, "mfaMaxAgeSeconds", DEFAULTS.mfaMaxAgeSeconds),
                integer(a, "defaultLifetimeDays", DEFAULTS.defaultLifetimeDays),
                integer(a, "maxLifetimeDays", DEFAULTS.maxLifetimeDays),
                integer(a, "maxPerUser", DEFAULTS.maxPerUser),
                parse(a, "onMfaRemoved", OnMfaRemoved::parse, DEFAULTS.onMfaRemoved),
                parse(a, "allowedClients", RealmPolicy::splitList, DEFAULTS.allowedClients),
                parse(a, "accessTokenLifespanSeconds", Integer::valueOf, null),
                integer(a, "retentionDays", DEFAULTS.retentionDays));
    }

    /** This policy with {@code requireMfa} on (for actions that always need a second factor). */
    public RealmPolicy withMfaRequired() {
        return new RealmPolicy(enabled, true, mfaMaxAgeSeconds, defaultLifetimeDays, maxLifetimeDays, maxPerUser,
                onMfaRemoved, allowedClients, accessTokenLifespanSeconds, retentionDays);
    }

    /** Writes every field as a realm attribute. Validate first. */
    public void store(RealmModel realm) {
        realm.setAttribute(PREFIX + "enabled", Boolean.toString(enabled));
        realm.setAttribute(PREFIX + "requireMfa", Boolean.toString(requireMfa));
        realm.setAttribute(PREFIX + "mfaMaxAgeSeconds", Integer.toString(mfaMaxAgeSeconds));
        realm.setAttribute(PREFIX + "defaultLifetimeDays", Integer.toString(defaultLifetimeDays));
        realm.setAttribute(PREFIX + "maxLifetimeDays", Integer.toString(maxLifetimeDays));
        realm.setAttribute(PREFIX + "maxPerUser", Integer.toString(maxPerUser));
        realm.setAttribute(PREFIX + "onMfaRemoved", onMfaRemoved.value());
        realm.setAttribute(PREFIX + "allowedClients", String.join(" ", allowedClients));
        if (accessTokenLifespanSeconds == null) {
            realm.removeAttribute(PREFIX + "accessTokenLifespanSeconds");
        } else {
            realm.setAttribute(PREFIX + "accessTokenLifespanSeconds", Integer.toString(accessTokenLifespanSeconds));
        }
        realm.setAttribute(PREFIX + "retentionDays", Integer.toString(retentionDays));
    }

    /** What is wrong with one field. */
    public record Problem(String field, String message) {
    }

    /** Field-level validation of values that need no realm lookup; the first problem, or null. */
    public Problem validate() {
        if (mfaMaxAgeSeconds < 10 || mfaMaxAgeSeconds > 86400) {
            return new Problem("mfaMaxAgeSeconds", "must be between 10 and 86400");
        }
        if (maxLifetimeDays < 1 || maxLifetimeDays > 3650) {
            return new Problem("maxLifetimeDays", "must be between 1 and 3650");
        }
        if (defaultLifetimeDays < 1 || defaultLifetimeDays > maxLifetimeDays) {
            return new Problem("defaultLifetimeDays", "must be between 1 and maxLifetimeDays");
        }
        if (maxPerUser < 0 || maxPerUser > 1000) {
            return new Problem("maxPerUser", "must be between 0 and 1000");
        }
        if (onMfaRemoved == null) {
            return new Problem("onMfaRemoved", "must be one of suspend, revoke, keep");
        }
        if (allowedClients == null || allowedClients.isEmpty()) {
            return new Problem("allowedClients", "must name at least one application");
        }
        if (accessTokenLifespanSeconds != null && (accessTokenLifespanSeconds < 10 || accessTokenLifespanSeconds > 86400)) {
            return new Problem("accessTokenLifespanSeconds", "must be between 10 and 86400, or null for the realm default");
        }
        if (retentionDays < 0 || retentionDays > 3650) {
            return new Problem("retentionDays", "must be between 0 and 3650");
        }
        return null;
    }

    private static boolean bool(Map<String, String> a, String key, boolean def) {
        String v = a.get(PREFIX + key);
        return v == null ? def : Boolean.parseBoolean(v);
    }

    private static int integer(Map<String, String> a, String key, int def) {
        return parse(a, key, Integer::valueOf, def);
    }

    private static <T> T parse(Map<String, String> a, String key, Function<String, T> parser, T def) {
        String v = a.get(PREFIX + key);
        if (v == null || v.isBlank()) {
            return def;
        }
        try {
            T parsed = parser.apply(v.trim());
            return parsed == null ? def : parsed;
        } catch (RuntimeException e) {
            return def;
        }
    }

    static List<String> splitList(String value) {
        Set<String> out = new LinkedHashSet<>(Arrays.asList(value.trim().split("[\\s,]+")));
        out.remove("");
        return out.isEmpty() ? null : new ArrayList<>(out);
    }
}
