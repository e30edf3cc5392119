package io.appcredentials.keycloak.secret;

import java.util.logging.Filter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Keeps credential secrets out of what the server writes down when a person or a tool puts a secret where it does
 * not belong (the secret as {@code client_id} at the authorization or logout endpoint, pasted with quotes, …).
 * A secret is recognised by its fixed prefix (in any letter case: {@code acs_}, {@code ACS_}, {@code Acs_}, as a
 * person or a tool that changes case writes it), length and alphabet, and replaced by {@code acs_[redacted]}.
 */
public final class SecretRedaction {

    /**
     * A secret anywhere in a text: the prefix in any letter case and 49 base62 characters, also at the start of a
     * longer word (a secret with something pasted right after it, such as its credential ID, is still a secret).
     */
    private static final Pattern SECRET = Pattern.compile("(?i:" + AppCredentialSecrets.SECRET_PREFIX + ")[0-9A-Za-z]{"
            + (AppCredentialSecrets.SECRET_LENGTH - AppCredentialSecrets.SECRET_PREFIX.length()) + "}");
    private static final String REDACTED = AppCredentialSecrets.SECRET_PREFIX + "[redacted]";

    private SecretRedaction() {
    }

    public static boolean containsSecret(String text) {
        return text != null && mayHoldPrefix(text) && SECRET.matcher(text).find();
    }

    public static String redact(String text) {
        return containsSecret(text) ? SECRET.matcher(text).replaceAll(REDACTED) : text;
    }

    /**
     * A cheap first look, so that the expression runs only on texts that can hold a secret: whether {@code acs_} in any
     * letter case (ASCII only) occurs.
     */
    static boolean mayHoldPrefix(String text) {
        for (int i = text.indexOf('_', 3); i >= 0; i = text.indexOf('_', i + 1)) {
            // setting bit 0x20 lower-cases an ASCII letter, and only 'A' and 'a' become 'a' (likewise c, s)
            if ((text.charAt(i - 3) | 0x20) == 'a' && (text.charAt(i - 2) | 0x20) == 'c' && (text.charAt(i - 1) | 0x20) == 's') {
                return true;
            }
        }
        return false;
    }

    /**
     * Puts a redacting filter in front of every handler of the root logger (console, file, syslog: wherever the
     * server's log goes), keeping the filter each had. Runs once per server start.
     */
    public static synchronized void installLogFilter() {
        for (Handler handler : Logger.getLogger("").getHandlers()) {
            Filter current = handler.getFilter();
            if (!(current instanceof LogFilter)) {
                handler.setFilter(new LogFilter(current));
            }
        }
    }

    /** Rewrites a record that carries a secret (in its message or parameters), then asks the filter it replaced. */
    static final class LogFilter implements Filter {
        private final Filter next;

        LogFilter(Filter next) {
            this.next = next;
        }

        @Override
        public boolean isLoggable(LogRecord record) {
            redact(record);
            return next == null || next.isLoggable(record);
        }

        /**
         * The record's text is formatted here once (JBoss LogManager's records know how: printf or message format),
         * redacted, and put back as a plain message without parameters.
         */
        static void redact(LogRecord record) {
            Object[] parameters = record.getParameters();
            boolean found = containsSecret(record.getMessage());
            if (parameters != null) {
                for (Object p : parameters) {
                    found |= p != null && containsSecret(String.valueOf(p));
                }
            }
            if (!found) {
                return;
            }
            String text = formatted(record);
            record.setParameters(null);
            record.setMessage(SecretRedaction.redact(text));
        }

        private static String formatted(LogRecord record) {
            try {
                Object text = record.getClass().getMethod("getFormattedMessage").invoke(record);
                if (text != null) {
                    return text.toString();
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                // not a JBoss LogManager record: format it as java.util.logging does
            }
            return new java.util.logging.SimpleFormatter().formatMessage(record);
        }
    }
}
