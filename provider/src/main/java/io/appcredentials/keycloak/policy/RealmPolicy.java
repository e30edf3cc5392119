package io.appcredentials.keycloak.policy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.core.type.TypeReference;

import org.keycloak.models.RealmModel;
import org.keycloak.util.JsonSerialization;

import io.appcredentials.keycloak.application.DefaultApplication;
import io.appcredentials.keycloak.model.Enums;

/**
 * The per-realm policy, stored as realm attributes {@code appCredentials.*} so that Keycloak's realm
 * cache holds it and invalidates it across a cluster. Unset attributes take the defaults.
 *
 * @param requireDpop every new credential must be used with DPoP proofs
 * @param expiryReminderDays days before expiry at which owners are mailed (each 1–90, at most 3; empty: no reminders)
 * @param notifyOnCreate owners are mailed when a credential is created for them or its secret regenerated
 * @param trustedIdpMfa identity providers (by alias) whose second factor counts, and what counts as one
 * @param maxCreatesPerHour creations and regenerations per owner within any hour
 * @param allowUnboundAdminCredentials administrators may create credentials for users who have no second factor;
 *                                     such credentials are not bound to one (off: every credential is bound)
 * @param maxIdleDays a credential with no token request for this many days (counted from its activation when never
 *                    used since) is disabled with the reason {@code idle}; null: off
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
                          int retentionDays,
                          boolean requireDpop,
                          List<Integer> expiryReminderDays,
                          boolean notifyOnCreate,
                          Map<String, TrustedIdp> trustedIdpMfa,
                          int maxCreatesPerHour,
                          boolean allowUnboundAdminCredentials,
                          Integer maxIdleDays) {

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

    /**
     * What counts as a second factor done at an identity provider: any of these {@code amr} values (RFC 8176, e.g.
     * {@code otp}, {@code hwk}, {@code mfa}) or {@code acr} values in the provider's ID token.
     */
    public record TrustedIdp(List<String> amr, List<String> acr) {

        public TrustedIdp {
            amr = amr == null ? List.of() : List.copyOf(amr);
            acr = acr == null ? List.of() : List.copyOf(acr);
        }
    }

    static final String PREFIX = "appCredentials.";
    static final int MAX_REMINDERS = 3;
    static final int MAX_TRUSTED_IDPS = 20;
    static final int MAX_TRUSTED_VALUES = 20;
    public static final int MAX_CREATES_PER_HOUR = 1000;

    public static final RealmPolicy DEFAULTS = new RealmPolicy(true, true, 300, 30, 365, 10, OnMfaRemoved.SUSPEND,
            List.of(DefaultApplication.CLIENT_ID), null, 30, false, List.of(7), true, Map.of(), 20, false, null);
    public static final int MAX_IDLE_DAYS = 365;

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
                integer(a, "retentionDays", DEFAULTS.retentionDays),
                bool(a, "requireDpop", DEFAULTS.requireDpop),
                a.containsKey(PREFIX + "expiryReminderDays")
                        ? parse(a, "expiryReminderDays", RealmPolicy::splitIntegers, List.of())
                        : DEFAULTS.expiryReminderDays,
                bool(a, "notifyOnCreate", DEFAULTS.notifyOnCreate),
                parse(a, "trustedIdpMfa", RealmPolicy::parseTrusted, DEFAULTS.trustedIdpMfa),
                integer(a, "maxCreatesPerHour", DEFAULTS.maxCreatesPerHour),
                bool(a, "allowUnboundAdminCredentials", DEFAULTS.allowUnboundAdminCredentials),
                parse(a, "maxIdleDays", Integer::valueOf, DEFAULTS.maxIdleDays));
    }

    /** This policy with {@code requireMfa} on (for actions that always need a second factor). */
    public RealmPolicy withMfaRequired() {
        return new RealmPolicy(enabled, true, mfaMaxAgeSeconds, defaultLifetimeDays, maxLifetimeDays, maxPerUser,
                onMfaRemoved, allowedClients, accessTokenLifespanSeconds, retentionDays, requireDpop, expiryReminderDays,
                notifyOnCreate, trustedIdpMfa, maxCreatesPerHour, allowUnboundAdminCredentials, maxIdleDays);
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
        realm.setAttribute(PREFIX + "requireDpop", Boolean.toString(requireDpop));
        realm.setAttribute(PREFIX + "expiryReminderDays", String.join(" ", expiryReminderDays.stream().map(String::valueOf).toList()));
        realm.setAttribute(PREFIX + "notifyOnCreate", Boolean.toString(notifyOnCreate));
        realm.setAttribute(PREFIX + "maxCreatesPerHour", Integer.toString(maxCreatesPerHour));
        realm.setAttribute(PREFIX + "allowUnboundAdminCredentials", Boolean.toString(allowUnboundAdminCredentials));
        if (maxIdleDays == null) {
            realm.removeAttribute(PREFIX + "maxIdleDays");
        } else {
            realm.setAttribute(PREFIX + "maxIdleDays", Integer.toString(maxIdleDays));
        }
        try {
            realm.setAttribute(PREFIX + "trustedIdpMfa", JsonSerialization.writeValueAsString(trustedIdpMfa));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write the trusted identity providers", e);
        }
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
        if (maxCreatesPerHour < 1 || maxCreatesPerHour > MAX_CREATES_PER_HOUR) {
            return new Problem("maxCreatesPerHour", "must be between 1 and " + MAX_CREATES_PER_HOUR);
        }
        if (maxIdleDays != null && (maxIdleDays < 1 || maxIdleDays > MAX_IDLE_DAYS)) {
            return new Problem("maxIdleDays", "must be between 1 and " + MAX_IDLE_DAYS + ", or null to keep idle credentials");
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
        if (expiryReminderDays == null || expiryReminderDays.size() > MAX_REMINDERS
                || expiryReminderDays.stream().anyMatch(d -> d == null || d < 1 || d > 90)
                || new LinkedHashSet<>(expiryReminderDays).size() != expiryReminderDays.size()) {
            return new Problem("expiryReminderDays", "must be at most " + MAX_REMINDERS + " different whole numbers of days, each between 1 and 90 ([] turns reminders off)");
        }
        if (trustedIdpMfa == null || trustedIdpMfa.size() > MAX_TRUSTED_IDPS) {
            return new Problem("trustedIdpMfa", "must name at most " + MAX_TRUSTED_IDPS + " identity providers");
        }
        for (Map.Entry<String, TrustedIdp> e : trustedIdpMfa.entrySet()) {
            TrustedIdp t = e.getValue();
            if (t == null || (t.amr().isEmpty() && t.acr().isEmpty())) {
                return new Problem("trustedIdpMfa", "identity provider '" + e.getKey() + "' needs at least one amr or acr value that counts as a second factor");
            }
            if (t.amr().size() > MAX_TRUSTED_VALUES || t.acr().size() > MAX_TRUSTED_VALUES
                    || t.amr().stream().anyMatch(RealmPolicy::badValue) || t.acr().stream().anyMatch(RealmPolicy::badValue)) {
                return new Problem("trustedIdpMfa", "identity provider '" + e.getKey() + "': amr and acr values must be at most "
                        + MAX_TRUSTED_VALUES + " non-empty printable values without spaces");
            }
        }
        return null;
    }

    private static boolean badValue(String v) {
        return v == null || v.isBlank() || v.length() > 255 || v.chars().anyMatch(c -> c <= ' ' || c == 0x7f);
    }

    /** Days before idle retirement on which the owner is warned: a quarter of {@code maxIdleDays}, between 1 and 7. */
    public static int idleWarningDays(int maxIdleDays) {
        return Math.min(7, Math.max(1, maxIdleDays / 4));
    }

    /** The sorted reminder thresholds, largest first (the order in which a credential reaches them). */
    public List<Integer> remindersLargestFirst() {
        return expiryReminderDays.stream().sorted((x, y) -> Integer.compare(y, x)).toList();
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

    static List<Integer> splitIntegers(String value) {
        List<Integer> out = new ArrayList<>();
        for (String part : value.trim().split("[\\s,]+")) {
            if (!part.isEmpty()) {
                out.add(Integer.valueOf(part));
            }
        }
        return List.copyOf(out);
    }

    static Map<String, TrustedIdp> parseTrusted(String value) {
        try {
            Map<String, TrustedIdp> parsed = JsonSerialization.readValue(value, new TypeReference<LinkedHashMap<String, TrustedIdp>>() { });
            return parsed == null ? null : Map.copyOf(parsed);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
