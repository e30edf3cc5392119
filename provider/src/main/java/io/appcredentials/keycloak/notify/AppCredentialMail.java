package io.appcredentials.keycloak.notify;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
import io.appcredentials.keycloak.text.Text;

/**
 * One mail about a credential, through Keycloak's own mail machinery: the realm's SMTP settings and email theme
 * ({@link EmailTemplateProvider}), templates {@code html/} and {@code text/} {@value #EXPIRY_TEMPLATE},
 * {@value #NOTICE_TEMPLATE} and {@value #NOTICES_TEMPLATE} and the {@code appCredential…} messages, shipped in the jar as
 * theme resources (so an email theme of the realm's can override each of them), in the owner's locale (their
 * profile's, where the realm is internationalized; never the locale of whoever made the request). A mail names the
 * credential, its ID, its application and expiry and where to renew it; it never holds a secret: none is known here.
 *
 * <p>User text (names, usernames, application names) enters the texts as values, never as templates
 * ({@link MailTexts}); in the subject, a name that a mail program would decode as an encoded word is replaced by the
 * credential's ID.
 */
final class AppCredentialMail {

    static final String EXPIRY_TEMPLATE = "app-credential-expiry.ftl";
    static final String NOTICE_TEMPLATE = "app-credential-notice.ftl";
    static final String NOTICES_TEMPLATE = "app-credential-notices.ftl";
    static final String IDLE_TEMPLATE = "app-credential-idle.ftl";
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private AppCredentialMail() {
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
                           long now) throws EmailException {
        Map<String, Object> attributes = common(session, realm);
        attributes.putAll(about(realm, c));
        boolean expired = thresholdDays == 0;
        attributes.put("expired", expired);
        attributes.put("thresholdDays", thresholdDays);
        attributes.put("daysLeft", expired ? 0 : (int) Math.max(1, Math.ceil((c.getExpiresAt() - now) / 86_400_000d)));
        List<Object> subject = expired ? List.of(subjectName(c)) : List.of(subjectName(c), DAY.format(Instant.ofEpochMilli(c.getExpiresAt())));
        send(session, realm, owner, expired ? "appCredentialExpiredSubject" : "appCredentialExpirySubject", subject, EXPIRY_TEMPLATE, attributes);
    }

    /**
     * The idle warning ({@code retired} false: it will be disabled at {@code retiresAt} unless used) or the mail that it
     * was disabled as idle.
     */
    static void sendIdle(KeycloakSession session, RealmModel realm, UserModel owner, AppCredentialModel c, boolean retired,
                         long retiresAt, long now) throws EmailException {
        Map<String, Object> attributes = common(session, realm);
        attributes.putAll(about(realm, c));
        attributes.put("retired", retired);
        long basis = c.getLastUsedAt() == null ? c.getActivatedAt() : Math.max(c.getLastUsedAt(), c.getActivatedAt());
        attributes.put("idleDays", (int) Math.max(0, (now - basis) / 86_400_000L));
        attributes.put("retiresAt", WHEN.format(Instant.ofEpochMilli(retiresAt)));
        if (c.getLastUsedAt() != null && c.getLastUsedAt() >= c.getActivatedAt()) {
            attributes.put("lastUsed", WHEN.format(Instant.ofEpochMilli(c.getLastUsedAt()))); // else the template says "never"
        }
        List<Object> subject = retired ? List.of(subjectName(c)) : List.of(subjectName(c), DAY.format(Instant.ofEpochMilli(retiresAt)));
        send(session, realm, owner, retired ? "appCredentialIdleSubject" : "appCredentialIdleWarningSubject", subject, IDLE_TEMPLATE, attributes);
    }

    /** A credential and the notice owed about it. */
    record Noticed(AppCredentialModel credential, PendingNotice notice) {
    }

    /**
     * The "new credential" or "new secret" mail; for several at once (a burst of creations coalesced), one mail that
     * lists them all.
     */
    static void sendNotices(KeycloakSession session, RealmModel realm, UserModel owner, List<Noticed> notices) throws EmailException {
        Map<String, Object> attributes = common(session, realm);
        if (notices.size() == 1) {
            Noticed only = notices.get(0);
            attributes.putAll(noticeAttributes(realm, only));
            String subject = only.notice().kind() == PendingNotice.Kind.CREATED ? "appCredentialCreatedSubject" : "appCredentialRegeneratedSubject";
            send(session, realm, owner, subject, List.of(subjectName(only.credential())), NOTICE_TEMPLATE, attributes);
            return;
        }
        List<Map<String, Object>> items = new ArrayList<>();
        boolean anyByAdmin = false;
        for (Noticed n : notices) {
            items.add(noticeAttributes(realm, n));
            anyByAdmin |= n.notice().byAdmin();
        }
        attributes.put("notices", items);
        attributes.put("anyByAdmin", anyByAdmin);
        send(session, realm, owner, "appCredentialNoticesSubject", List.of(notices.size()), NOTICES_TEMPLATE, attributes);
    }

    private static Map<String, Object> noticeAttributes(RealmModel realm, Noticed n) {
        Map<String, Object> attributes = about(realm, n.credential());
        PendingNotice notice = n.notice();
        attributes.put("action", notice.kind().value());
        attributes.put("actor", notice.actor() == null ? "?" : notice.actor());
        attributes.put("byAdmin", notice.byAdmin());
        attributes.put("ipAddress", notice.ip() == null ? "?" : notice.ip());
        attributes.put("at", WHEN.format(Instant.ofEpochMilli(notice.at())));
        return attributes;
    }

    /** What every mail gets: the account console link (when the configuration names the server's URL), the texts. */
    private static Map<String, Object> common(KeycloakSession session, RealmModel realm) {
        Map<String, Object> attributes = new HashMap<>();
        String accountUrl = AccountLinks.accountUrl(AccountLinks.frontendBase(realm), realm);
        if (accountUrl != null) {
            attributes.put("accountUrl", accountUrl);
        }
        attributes.put("text", new MailTexts(session, realm, attributes));
        // the owner's locale: never the Accept-Language of an administrator's request
        attributes.put(Constants.IGNORE_ACCEPT_LANGUAGE_HEADER, true);
        return attributes;
    }

    /** The credential's name, ID, application and expiry. */
    private static Map<String, Object> about(RealmModel realm, AppCredentialModel c) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("credentialName", c.getName());
        attributes.put("credentialId", c.getId());
        ClientModel client = realm.getClientById(c.getClientUuid());
        String application = client == null ? "?"
                : client.getName() != null && !client.getName().isBlank() && !client.getName().contains("${") ? client.getName() : client.getClientId();
        attributes.put("application", application);
        attributes.put("expiresAt", WHEN.format(Instant.ofEpochMilli(c.getExpiresAt())));
        return attributes;
    }

    /**
     * The credential's name for a subject line, where mail programs decode {@code =?charset?B?…?=} into any characters
     * (right-to-left overrides, invisible ones): names holding {@code =?} are refused at creation, and one stored before
     * that rule is replaced by the credential's ID.
     */
    static String subjectName(AppCredentialModel c) {
        String name = c.getName();
        return name == null || name.contains(Text.ENCODED_WORD_START) || Text.problem(name) != null ? c.getId() : name;
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
