package io.appcredentials.keycloak.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.Locale;

import org.junit.jupiter.api.Test;

import io.appcredentials.keycloak.model.AppCredentialModel;

/** What mails may carry, without a server: values as written, links from configuration, subjects mail programs cannot decode. */
class MailTextsTest {

    @Test
    void valuesAreTakenAsWrittenNotAsTemplates() {
        String pattern = "You ({0}) created the application credential \"{1}\" for {2}.";
        assertEquals("You (${user}) created the application credential \"${appCredentialNotYou} {0} '${x}'\" for App.",
                MailTexts.format(pattern, Locale.ENGLISH, "${user}", "${appCredentialNotYou} {0} '${x}'", "App"));
        assertEquals("expires within 3 days", MailTexts.format("expires within {0,choice,1#a day|1<{0} days}", Locale.ENGLISH, 3));
    }

    @Test
    void onlyAbsoluteHttpUrlsFromTheConfigurationMakeLinks() {
        assertEquals("https://auth.example.com/", AccountLinks.absoluteHttpUrl("https://auth.example.com/").toString());
        assertEquals("http://auth.example.com:8443/auth", AccountLinks.absoluteHttpUrl(" http://auth.example.com:8443/auth ").toString());
        for (String bad : new String[] { null, "", "auth.example.com", "ftp://auth.example.com", "https://user@auth.example.com",
                "https://auth.example.com/?x=1", "https://auth.example.com/#x", "javascript:alert(1)", "http://" }) {
            assertNull(AccountLinks.absoluteHttpUrl(bad), bad);
        }
    }

    @Test
    void aNameThatAMailProgramWouldDecodeIsReplacedByTheIdInTheSubject() {
        AppCredentialModel c = mock(AppCredentialModel.class);
        when(c.getId()).thenReturn("ac_ABCDEFGHIJKLMNOPQRST");
        when(c.getName()).thenReturn("deploy ${x}");
        assertEquals("deploy ${x}", AppCredentialMail.subjectName(c));
        when(c.getName()).thenReturn("x =?UTF-8?B?4oCu?= y");
        assertEquals("ac_ABCDEFGHIJKLMNOPQRST", AppCredentialMail.subjectName(c));
        when(c.getName()).thenReturn("rtl \u202E");
        assertEquals("ac_ABCDEFGHIJKLMNOPQRST", AppCredentialMail.subjectName(c));
    }
}
