package io.appcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import io.appcredentials.it.support.Demo;
import io.appcredentials.it.support.Http;
import io.appcredentials.it.support.KeycloakServer;
import io.appcredentials.it.support.MailServer;
import io.appcredentials.it.support.MailServer.Mail;
import io.appcredentials.it.support.TestServer;

/**
 * What mails may carry (issue 22, points 10 and 12), received by a real SMTP server on loopback: links come from the
 * configuration only (the realm's Frontend URL, the server's --hostname URL), never from a request's Host header; user
 * text arrives as written, never read as a message template; what mail programs would decode in a subject is refused.
 * The test server has no fixed hostname.
 */
@ExtendWith(TestServer.class)
@Tag("container")
class MailSafetyIT {

    private static final Duration MAIL_WAIT = Duration.ofSeconds(90);
    private static final String PHISH = "phish.evil.test";
    private static KeycloakServer server;
    private static MailServer smtp;

    @BeforeAll
    static void startSmtp() {
        server = TestServer.server();
        smtp = MailServer.start();
        smtp.useFor(server);
    }

    @AfterAll
    static void stopSmtp() {
        try {
            MailServer.noSmtp(server);
        } finally {
            smtp.close();
        }
    }

    private static Predicate<Mail> about(JsonNode credential) {
        return m -> m.all().contains(credential.get("id").asText());
    }

    private static String inDays(int days) {
        return Instant.now().plus(days, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /**
     * "The notice is sent after the commit, so the request never waits for the SMTP server": the realm's SMTP server
     * here is a black hole on loopback that accepts connections and never says a word, and Keycloak's mail timeouts
     * are set to two minutes, so a send made in the request would hold it for two minutes. The create is answered
     * within a preemptive 30 s bound, and the black hole shows that the notice was attempted (a connection arrived),
     * so the bound is not met merely because no mail was sent.
     */
    @Test
    void aCreateIsAnsweredWhileTheSmtpServerNeverAnswers() throws Exception {
        Demo.TestUser user = Demo.aliceLike(server);
        String token = user.token(server);
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket hole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!hole.isClosed()) {
                    try {
                        held.add(hole.accept()); // accepted, and never answered
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "smtp-black-hole");
            acceptor.setDaemon(true);
            acceptor.start();
            Demo.updateRealm(server, realm -> {
                var smtpServer = realm.putObject("smtpServer");
                smtpServer.put("host", "127.0.0.1");
                smtpServer.put("port", Integer.toString(hole.getLocalPort()));
                smtpServer.put("from", "keycloak@example.com");
                smtpServer.put("timeout", "120000");
                smtpServer.put("connectionTimeout", "120000");
                smtpServer.put("writeTimeout", "120000");
            });
            Http.Resp created = assertTimeoutPreemptively(Duration.ofSeconds(30),
                    () -> Http.postJson(Demo.credentialsUrl(server), token, Map.of("name", "black-hole-" + UUID.randomUUID())),
                    "the create waited for an SMTP server that never answers");
            assertEquals(201, created.status(), created.toString());
            for (int i = 0; i < 120 && held.isEmpty(); i++) {
                Thread.sleep(500); // polling interval
            }
            assertFalse(held.isEmpty(), "the server never tried to send the notice (no connection to the SMTP server)");
        } finally {
            for (Socket s : held) {
                s.close();
            }
            smtp.useFor(server);
        }
    }

    /**
     * A request with a forged Host header to the extension's API (unauthenticated, as the attack sent it), over a raw
     * connection: the JDK's HTTP client does not let a caller set Host. Returns the status code.
     */
    private static int withForgedHost(String path) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.httpPort()), 10_000);
            socket.setSoTimeout(60_000);
            String request = "GET " + path + " HTTP/1.1\r\nHost: " + PHISH + "\r\nX-Forwarded-Host: " + PHISH + "\r\nForwarded: host=" + PHISH
                    + "\r\nAccept: application/json\r\nConnection: close\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            return Integer.parseInt(response.substring(0, response.indexOf("\r\n")).split(" ")[1]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * After requests with a forged Host to the extension's API, an administrator's credential (notice and reminder,
     * both sent without the user's request) and the user's own carry no link on this server without a configured
     * hostname, and say in words where to go; with a Frontend URL, the link is that.
     */
    @Test
    void aForgedHostHeaderChangesNoMailLink() {
        int status = withForgedHost("/realms/" + Demo.REALM + "/app-credentials/options");
        assertTrue(status == 401 || status == 403, "unauthenticated, yet it reached the extension: " + status);
        assertEquals(401, withForgedHost("/realms/" + Demo.REALM + "/app-credentials"));

        Demo.TestUser user = Demo.aliceLike(server);
        String admin = Demo.token(server, Demo.DEMO_ADMIN, Demo.DEMO_ADMIN_PASSWORD, null);
        Http.Resp byAdmin = Http.postJson(Demo.adminCredentialsUrl(server) + "/users/" + user.id(), admin,
                Map.of("name", "after-forged-host-" + UUID.randomUUID().toString().substring(0, 8), "expiresAt", inDays(2)));
        assertEquals(201, byAdmin.status(), byAdmin.toString());
        JsonNode c = byAdmin.json();
        Mail notice = smtp.await(about(c).and(m -> m.subject().startsWith("New application credential")), 1, MAIL_WAIT).get(0);
        Mail reminder = smtp.await(about(c).and(m -> m.subject().contains("expires on")), 1, MAIL_WAIT).get(0);
        for (Mail mail : new Mail[] { notice, reminder }) {
            assertFalse(mail.all().contains(PHISH), "no link to the forged host: " + mail.all());
            assertFalse(mail.text().contains("http://") || mail.text().contains("https://"), "no link without a configured hostname: " + mail.text());
            assertFalse(mail.html().contains("href="), "no link in the HTML part either: " + mail.html());
            assertTrue(mail.text().matches("(?s).*in the account console of [^\\n]+, under Account security, Application credentials.*"),
                    "says where to go: " + mail.text());
        }

        // with a Frontend URL, the link is that (a request of the user's own with the forged host in between)
        String frontend = "https://auth.example.test";
        Demo.updateRealm(server, realm -> realm.withObjectProperty("attributes").put("frontendUrl", frontend));
        try {
            withForgedHost("/realms/" + Demo.REALM + "/app-credentials/options");
            JsonNode own = Demo.create(server, user.token(server), Map.of("name", "with-frontend-" + UUID.randomUUID().toString().substring(0, 8)));
            Mail linked = smtp.await(about(own).and(m -> m.subject().startsWith("New application credential")), 1, MAIL_WAIT).get(0);
            assertTrue(linked.text().contains(frontend + "/realms/demo/account/account-security/app-credentials"), linked.text());
            assertTrue(linked.html().contains("href=\"" + frontend + "/realms/demo/account/account-security/app-credentials\""), linked.html());
            assertFalse(linked.all().contains(PHISH), linked.all());
            assertFalse(linked.all().contains(server.baseUrl()), "not the URL the test called either: " + linked.text());
        } finally {
            Demo.updateRealm(server, realm -> realm.withObjectProperty("attributes").put("frontendUrl", ""));
        }
    }

    /**
     * A name that looks like a message template arrives as written, in the subject and both bodies; so does one with
     * HTML in it (escaped in the HTML part). Keycloak's own message function would have replaced it.
     */
    @Test
    void aNameThatLooksLikeATemplateArrivesVerbatim() {
        Demo.TestUser user = Demo.aliceLike(server);
        String name = "${appCredentialNotYou} <b>x</b> {0} '${realmName}'";
        JsonNode c = Demo.create(server, user.token(server), Map.of("name", name));
        assertEquals(name, c.get("name").asText());
        Mail mail = smtp.await(about(c).and(m -> m.subject().startsWith("New application credential")), 1, MAIL_WAIT).get(0);
        assertEquals("New application credential \"" + name + "\"", mail.subject());
        assertTrue(mail.text().contains("created the application credential \"" + name + "\""), mail.text());
        assertTrue(mail.html().contains("created the application credential &quot;${appCredentialNotYou} &lt;b&gt;x&lt;/b&gt; {0} &#39;${realmName}&#39;&quot;")
                || mail.html().contains("${appCredentialNotYou} &lt;b&gt;x&lt;/b&gt; {0}"), mail.html());
        // the message the name mimics appears once, where the template puts it, not in the name's place
        assertEquals(1, count(mail.text(), "If this was not you, revoke the credential there at once"), mail.text());
    }

    /**
     * A name that mail programs would decode in a subject (a MIME encoded word, here of a right-to-left override and a
     * zero-width space, which the name check refuses as such) is refused in every encoding: nothing is created or
     * renamed, so no header ever carries it.
     */
    @Test
    void anEncodedWordNameIsRefusedSoNoHeaderCarriesIt() {
        Demo.TestUser user = Demo.aliceLike(server);
        String token = user.token(server);
        String rtl = "\u202Egnp.exe\u200B";
        String encoded = "=?UTF-8?B?" + java.util.Base64.getEncoder().encodeToString(rtl.getBytes(StandardCharsets.UTF_8)) + "?=";
        for (String name : new String[] { encoded, "x " + encoded + " y", "=?utf-8?q?=E2=80=AE?=", rtl }) {
            Http.Resp refused = Http.postJson(Demo.credentialsUrl(server), token, Map.of("name", name));
            assertEquals(400, refused.status(), name + " -> " + refused);
            assertEquals("name", refused.json().get("field").asText());
            Http.Resp byAdmin = Http.postJson(Demo.adminCredentialsUrl(server) + "/users/" + user.id(), Demo.masterAdminToken(server), Map.of("name", name));
            assertEquals(400, byAdmin.status(), name + " -> " + byAdmin);
        }
        JsonNode c = Demo.create(server, token, Map.of("name", "plain-" + UUID.randomUUID().toString().substring(0, 8)));
        Http.Resp rename = Http.patchJson(Demo.credentialsUrl(server) + "/" + c.get("id").asText(), token, Map.of("name", encoded));
        assertEquals(400, rename.status(), rename.toString());
        assertEquals("name", rename.json().get("field").asText());
        Mail mail = smtp.await(about(c), 1, MAIL_WAIT).get(0);
        assertFalse(mail.subject().contains("\u202E") || mail.subject().contains("\u200B"), mail.subject());
        assertEquals(1, Http.get(Demo.credentialsUrl(server), token).json().size(), "only the plain one was created");
        for (Mail any : smtp.mails()) {
            assertFalse(any.subject().contains("\u202E") || any.subject().contains("\u200B"), "no such character in any subject: " + any);
        }
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
