package io.appcredentials.keycloak.text;

import io.appcredentials.keycloak.model.AppCredentialException;
import io.appcredentials.keycloak.secret.SecretRedaction;

/**
 * Rules for the free text users give credentials (names, descriptions): printable text only. Refused: control
 * characters (newlines allowed in descriptions), format characters (bidirectional overrides such as U+202E,
 * zero-width characters, the byte-order mark), line and paragraph separators, unassigned code points and
 * non-characters, and lone surrogates (which are not text and break JSON parsers downstream). Surrounding
 * whitespace is trimmed.
 */
public final class Text {

    /** How a MIME encoded word begins ({@code =?UTF-8?B?…?=}), which mail programs decode in headers. */
    public static final String ENCODED_WORD_START = "=?";

    private Text() {
    }

    /** A trimmed one-line text of at most {@code max} characters, or a 400 naming {@code field}. */
    public static String singleLine(String field, String value, int max) {
        return check(field, value, max, false);
    }

    /** A trimmed text that may contain newlines ({@code \r\n} becomes {@code \n}), at most {@code max} characters. */
    public static String multiLine(String field, String value, int max) {
        return check(field, value == null ? null : value.replace("\r\n", "\n"), max, true);
    }

    private static String check(String field, String value, int max, boolean newlines) {
        String trimmed = value.strip();
        if (trimmed.length() > max) {
            throw AppCredentialException.invalid(field, field + " must be at most " + max + " characters");
        }
        String problem = problem(trimmed, newlines);
        if (problem != null) {
            throw AppCredentialException.invalid(field, field + " must be printable text: " + problem);
        }
        // a secret there would be shown in every list and mailed in the notice's subject
        if (SecretRedaction.containsSecret(trimmed)) {
            throw AppCredentialException.invalid(field, field + " must not contain an application credential secret");
        }
        return trimmed;
    }

    /**
     * Whether a name or id sent by a client can be looked up at all: printable and at most 255 characters. Anything
     * else names nothing, and must not reach the database (PostgreSQL refuses a NUL in a query parameter).
     */
    public static boolean isPlausibleName(String s) {
        return s != null && !s.isEmpty() && s.length() <= 255 && problem(s, false) == null;
    }

    /** What is wrong with a one-line text, or null. */
    public static String problem(String s) {
        return problem(s, false);
    }

    /** What is wrong with the text, or null; {@code newlines}: whether a line feed is allowed. */
    private static String problem(String s, boolean newlines) {
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '\n' && newlines) {
                continue;
            }
            switch (Character.getType(cp)) {
                case Character.SURROGATE:
                    return "it contains an unpaired surrogate (U+" + hex(cp) + ")";
                case Character.CONTROL:
                    return "it contains a control character (U+" + hex(cp) + ")";
                case Character.FORMAT:
                    return "it contains an invisible formatting character (U+" + hex(cp) + ")";
                case Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR:
                    return "it contains a line separator (U+" + hex(cp) + ")";
                case Character.UNASSIGNED, Character.PRIVATE_USE:
                    return "it contains an unassigned or private-use character (U+" + hex(cp) + ")";
                default:
                    break;
            }
        }
        return null;
    }

    private static String hex(int cp) {
        return String.format("%04X", cp);
    }
}
