package io.appcredentials.keycloak.notify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.theme.TemplatingUtil;
import org.keycloak.theme.Theme;

/**
 * The templates' {@code text.format(key, values…)}: a message of the email theme (with the realm's localization
 * texts) filled with values taken as they are. Keycloak's own {@code msg(key, …)} reads every value as a template too
 * ({@code ${key}} in a value becomes that message's text, or loses its braces), so a credential's name, a username or
 * an application's name would not arrive as written; they go through here. The message itself is resolved as
 * Keycloak resolves it (its own {@code ${…}} placeholders), then formatted with {@link MessageFormat}.
 *
 * <p>The locale is the one Keycloak chose for the mail: it puts it into the same attribute map before it renders the
 * template.
 */
public final class MailTexts {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final Map<String, Object> attributes;
    private Properties messages;
    private Locale messagesLocale;

    MailTexts(KeycloakSession session, RealmModel realm, Map<String, Object> attributes) {
        this.session = session;
        this.realm = realm;
        this.attributes = attributes;
    }

    /** The message {@code key} with {@code values} in its {@code {0}}, {@code {1}}, … placeholders, each value verbatim. */
    public String format(String key, Object... values) {
        Locale locale = attributes.get("locale") instanceof Locale l ? l : Locale.ENGLISH;
        Properties texts = messages(locale);
        String pattern = TemplatingUtil.resolveVariables(texts.getProperty(key, key), texts);
        return format(pattern, locale, values);
    }

    static String format(String pattern, Locale locale, Object... values) {
        return new MessageFormat(pattern, locale).format(values == null ? new Object[0] : values);
    }

    private Properties messages(Locale locale) {
        if (messages == null || !locale.equals(messagesLocale)) {
            try {
                messages = session.theme().getTheme(Theme.Type.EMAIL).getEnhancedMessages(realm, locale);
                messagesLocale = locale;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return messages;
    }
}
