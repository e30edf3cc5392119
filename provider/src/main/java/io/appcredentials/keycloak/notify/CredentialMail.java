package io.appcredentials.keycloak.notify;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import io.appcredentials.keycloak.model.AppCredentialModel;
import io.appcredentials.keycloak.model.PendingNotice;

/**
 * One mail about a credential, through Keycloak's own mail machinery: the realm's SMTP settings and email theme
 * ({@link EmailTemplateProvider}), templates {@code html/} and {@code text/} {@value #EXPIRY_TEMPLATE} and
 * {@value #NOTICE_TEMPLATE} and the {@code appCredential…} messages, shipped in the jar as theme resources (so an email
 * theme of the realm's can override each of them), in the owner's locale (their profile's, where the realm is
 * internationalized; never the locale of whoever made the request). A mail names the credential, its ID, its
 * application and expiry and where to renew it; it never holds a secret: none is known here.
 */
final class CredentialMail {

    static final String EXPIRY_TEMPLATE = "app-credential-expiry.ftl";
    static final String NOTICE_TEMPLATE = "app-credential-notice.ftl";
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private CredentialMail() {
    }

    /** Whether the realm has an SMTP server configured. */
    static boolean realmCanMail(RealmModel realm) {
        Map<String, String> smtp = realm.getSmtpConfig();
        return realm.isEnabled() && smtp != null && smtp.get("host") != null && !smtp.get("host").isBlank();
    }

    /**
     * Whether this user can be mailed in this realm: an SMTP server, and a verified address (as Keycloak's own mails
     * about account events ask: an unverified address may be anybody's).
     */
    static boolean canMail(RealmModel realm, UserModel user) {
        return realmCanMail(realm) && user != null && user.isEnabled() && user.getEmail() != null && !user.getEmail().isBlank()
                && user.isEmailVerified();
    }

    /** The reminder before {@code thresholdDays}, or the "expired" mail when it is 0. */
    static void sendExpiry(KeycloakSession session, RealmModel realm, UserModel owner, AppCredentialModel c, int thresholdDays,
                           long now, URI base) throws EmailException {
        Map<String, Object> attributes = common(realm, c, base);
        boolean expired = thresholdDays == 0;
        attributes.put("expired", expired);
        attributes.put("thresholdDays", thresholdDays);
        attributes.put("daysLeft", expired ? 0 : (int) Math.max(1, Math.ceil((c.getExpiresAt() - now) / 86_400_000d)));
        List<Object> subject = expired ? List.of(c.getName()) : List.of(c.getName(), DAY.format(Instant.ofEpochMilli(c.getExpiresAt())));
        send(session, realm, owner, expired ? "appCredentialExpiredSubject" : "appCredentialExpirySubject", subject, EXPIRY_TEMPLATE, attributes);
    }

    /** The "new credential" or "new secret" mail. */
    static void sendNotice(KeycloakSession session, RealmModel realm, UserModel owner, AppCredentialModel c, PendingNotice notice,
                           URI base) throws EmailException {
        Map<String, Object> attributes = common(realm, c, base);
        attributes.put("action", notice.kind().value());
        attributes.put("actor", notice.actor() == null ? "?" : notice.actor());
        attributes.put("byAdmin", notice.byAdmin());
        attributes.put("ipAddress", notice.ip() == null ? "?" : notice.ip());
        attributes.put("at", WHEN.format(Instant.ofEpochMilli(notice.at())));
        String subject = notice.kind() == PendingNotice.Kind.CREATED ? "appCredentialCreatedSubject" : "appCredentialRegeneratedSubject";
        send(session, realm, owner, subject, List.of(c.getName()), NOTICE_TEMPLATE, attributes);
    }

    private static Map<String, Object> common(RealmModel realm, AppCredentialModel c, URI base) {
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("credentialName", c.getName());
        attributes.put("credentialId", c.getId());
        ClientModel client = realm.getClientById(c.getClientUuid());
        String application = client == null ? "?"
                : client.getName() != null && !client.getName().isBlank() && !client.getName().contains("${") ? client.getName() : client.getClientId();
        attributes.put("application", application);
        attributes.put("expiresAt", WHEN.format(Instant.ofEpochMilli(c.getExpiresAt())));
        String accountUrl = AccountLinks.accountUrl(base, realm);
        if (accountUrl != null) {
            attributes.put("accountUrl", accountUrl);
        }
        // the owner's locale: never the Accept-Language of an administrator's request
        attributes.put(Constants.IGNORE_ACCEPT_LANGUAGE_HEADER, true);
        return attributes;
    }

    private static void send(KeycloakSession session, RealmModel realm, UserModel owner, String subjectKey, List<Object> subjectAttributes,
                             String template, Map<String, Object> attributes) throws EmailException {
        // the email theme and the locale are the realm's in the session's context
        session.getContext().setRealm(realm);
        session.getProvider(EmailTemplateProvider.class)
                .setRealm(realm)
                .setUser(owner)
                .send(subjectKey, subjectAttributes, template, attributes);
    }
}
