package io.appcredentials.keycloak.metrics;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;


/**
 * The extension's counters, registered as Keycloak's own providers register theirs: Micrometer meters on
 * {@link Metrics#globalRegistry}, which Keycloak publishes at {@code /metrics} on the management port when the server
 * runs with {@code --metrics-enabled=true} (otherwise nothing is registered and every call returns at once).
 *
 * <p>Tags are bounded: the realm's name (realms are made by administrators) and fixed words from the enums here;
 * never a credential ID, a user or anything a client sends. The counters of a realm are registered together the first
 * time the realm counts anything, so every reason shows (at 0) from then on, and leave the registry when the realm is
 * removed. A count is an in-memory increment of a counter looked up by realm id: nothing on the token path waits for
 * anything. The counters belong to the server's default {@code app-credentials} provider factory ({@link Owner}), so
 * that every {@link KeycloakSessionFactory} in a JVM has its own.
 *
 * <pre>
 *   app_credentials_tokens_issued_total{realm}            tokens issued from credentials
 *   app_credentials_tokens_previous_secret_total{realm}   of those, tokens issued from a previous secret (rotation overlap)
 *   app_credentials_tokens_refused_total{realm,reason}    token requests with a credential ID that were refused
 *   app_credentials_created_total{realm}                  credentials created (by users and by admins for users)
 *   app_credentials_regenerated_total{realm}              secrets regenerated
 *   app_credentials_revoked_total{realm}                  credentials revoked (owner, admin, or second factor removed)
 *   app_credentials_mails_sent_total{realm,type}          mails sent: reminder, expired, created, regenerated
 *   app_credentials_mails_failed_total{realm,type}        mails that could not be sent (retried on the next run)
 * </pre>
 */
public final class AppCredentialMetrics {

    /** Why a token request with a credential was refused: a fixed, small set. */
    public enum Reason {
        /** past its expiry */
        EXPIRED,
        /** the credential or its application is disabled */
        DISABLED,
        /** suspended (its owner's second factor went away) */
        SUSPENDED,
        /** revoked */
        REVOKED,
        /** the owner is disabled or gone */
        OWNER,
        /** the request's source address is not allowed for the credential */
        NETWORK,
        /** a DPoP proof was required and missing or wrong */
        DPOP,
        /** anything else: unknown ID, wrong or malformed secret, wrong grant or endpoint, a scope not granted, a client policy */
        INVALID;

        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What a mail was about. */
    public enum Mail {
        REMINDER, EXPIRED, CREATED, REGENERATED, IDLE_WARNING, IDLE;

        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Changes of a credential that are counted. */
    public enum Change {
        CREATED, REGENERATED, REVOKED, RETIRED_IDLE
    }

    static final String ISSUED = "app.credentials.tokens.issued";
    static final String REFUSED = "app.credentials.tokens.refused";
    static final String PREVIOUS_SECRET = "app.credentials.tokens.previous_secret";
    static final String CREATED = "app.credentials.created";
    static final String REGENERATED = "app.credentials.regenerated";
    static final String REVOKED = "app.credentials.revoked";
    static final String RETIRED_IDLE = "app.credentials.retired.idle";
    static final String MAILS_SENT = "app.credentials.mails.sent";
    static final String MAILS_FAILED = "app.credentials.mails.failed";

    /**
     * The provider factory that owns the counters of its {@link KeycloakSessionFactory}: the extension's lifecycle
     * factory (event listener {@value #OWNER_ID}), which creates them at start-up and forgets a realm's when the realm
     * is removed.
     */
    public interface Owner {
        AppCredentialMetrics metrics();
    }

    /** The id of the lifecycle factory among the event listener SPI's factories. */
    public static final String OWNER_ID = "app-credentials-lifecycle";

    /** Counts nothing: metrics are off, or no factory owns counters (unit tests). */
    public static final AppCredentialMetrics OFF = new AppCredentialMetrics(null);

    /** Null when off. */
    private final MeterRegistry registry;
    /** The counters of each realm that counted something, by realm id. */
    private final ConcurrentHashMap<String, RealmCounters> realms = new ConcurrentHashMap<>();

    /** Counters registered on {@code registry}, or none when it is null. */
    public AppCredentialMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counters on Keycloak's registry when the server runs with {@code --metrics-enabled=true}, else {@link #OFF}. */
    public static AppCredentialMetrics forServer(boolean metricsEnabled) {
        return metricsEnabled ? new AppCredentialMetrics(Metrics.globalRegistry) : OFF;
    }

    /** The counters of this session's server. */
    public static AppCredentialMetrics of(KeycloakSession session) {
        return of(session.getKeycloakSessionFactory());
    }

    /** The counters of this server: those of the extension's lifecycle factory. */
    public static AppCredentialMetrics of(KeycloakSessionFactory factory) {
        return factory.getProviderFactory(EventListenerProvider.class, OWNER_ID) instanceof Owner owner ? owner.metrics() : OFF;
    }

    public boolean enabled() {
        return registry != null;
    }

    /** A token was issued from a credential. */
    public void issued(RealmModel realm) {
        if (registry != null) {
            counters(realm.getId(), realm.getName()).issued.increment();
        }
    }

    /** A token request with a credential was refused, for this reason. */
    /** A token was issued from a credential's previous secret (during a rotation overlap), counted besides {@link #issued}. */
    public void issuedFromPreviousSecret(RealmModel realm) {
        if (registry != null) {
            counters(realm.getId(), realm.getName()).previousSecret.increment();
        }
    }

    public void refused(RealmModel realm, Reason reason) {
        if (registry != null) {
            counters(realm.getId(), realm.getName()).refused[reason.ordinal()].increment();
        }
    }

    /** Counts the change once the session's transaction has committed (a rolled back change did not happen). */
    public static void afterCommit(KeycloakSession session, RealmModel realm, Change change, int count) {
        AppCredentialMetrics metrics = of(session);
        if (metrics.registry == null || count <= 0) {
            return;
        }
        String realmId = realm.getId();
        String realmName = realm.getName();
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                metrics.counters(realmId, realmName).changes[change.ordinal()].increment(count);
            }

            @Override
            protected void rollbackImpl() {
            }
        });
    }

    /** A mail was sent. */
    public void mailSent(String realmId, String realmName, Mail type) {
        if (registry != null) {
            counters(realmId, realmName).mailsSent[type.ordinal()].increment();
        }
    }

    /** A mail could not be sent. */
    public void mailFailed(String realmId, String realmName, Mail type) {
        if (registry != null) {
            counters(realmId, realmName).mailsFailed[type.ordinal()].increment();
        }
    }

    /** Forgets a removed realm: its counters leave the registry. */
    public void forgetRealm(String realmId) {
        RealmCounters c = realms.remove(realmId);
        if (c != null) {
            c.meters().forEach(registry::remove);
        }
    }

    private RealmCounters counters(String realmId, String realmName) {
        RealmCounters c = realms.get(realmId);
        return c != null ? c : realms.computeIfAbsent(realmId, id -> new RealmCounters(registry, realmName));
    }

    private static final class RealmCounters {
        final Counter issued;
        final Counter previousSecret;
        final Counter[] refused = new Counter[Reason.values().length];
        final Counter[] changes = new Counter[Change.values().length];
        final Counter[] mailsSent = new Counter[Mail.values().length];
        final Counter[] mailsFailed = new Counter[Mail.values().length];

        RealmCounters(MeterRegistry r, String realm) {
            issued = Counter.builder(ISSUED).description("Access tokens issued from application credentials")
                    .tag("realm", realm).register(r);
            previousSecret = Counter.builder(PREVIOUS_SECRET).description("Access tokens issued from the previous secret of a credential during a rotation overlap")
                    .tag("realm", realm).register(r);
            for (Reason reason : Reason.values()) {
                refused[reason.ordinal()] = Counter.builder(REFUSED)
                        .description("Token requests with an application credential that were refused, by reason")
                        .tag("realm", realm).tag("reason", reason.value()).register(r);
            }
            changes[Change.CREATED.ordinal()] = Counter.builder(CREATED).description("Application credentials created")
                    .tag("realm", realm).register(r);
            changes[Change.REGENERATED.ordinal()] = Counter.builder(REGENERATED).description("Application credential secrets regenerated")
                    .tag("realm", realm).register(r);
            changes[Change.REVOKED.ordinal()] = Counter.builder(REVOKED).description("Application credentials revoked")
                    .tag("realm", realm).register(r);
            changes[Change.RETIRED_IDLE.ordinal()] = Counter.builder(RETIRED_IDLE)
                    .description("Application credentials disabled because they were not used for the policy's maxIdleDays")
                    .tag("realm", realm).register(r);
            for (Mail type : Mail.values()) {
                mailsSent[type.ordinal()] = Counter.builder(MAILS_SENT).description("Application credential mails sent, by type")
                        .tag("realm", realm).tag("type", type.value()).register(r);
                mailsFailed[type.ordinal()] = Counter.builder(MAILS_FAILED)
                        .description("Application credential mails that could not be sent (retried on the next run), by type")
                        .tag("realm", realm).tag("type", type.value()).register(r);
            }
        }

        /** Every counter of the realm. */
        Stream<Counter> meters() {
            return Stream.of(Stream.of(issued, previousSecret), Stream.of(refused), Stream.of(changes), Stream.of(mailsSent), Stream.of(mailsFailed))
                    .flatMap(counters -> counters);
        }
    }
}
