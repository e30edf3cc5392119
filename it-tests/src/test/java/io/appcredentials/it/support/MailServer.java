package io.appcredentials.it.support;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;

/**
 * A real SMTP server (GreenMail) on 127.0.0.1 and a free port, in the test JVM; the server under test connects to it
 * like to any SMTP server once the demo realm's SMTP settings point to it ({@link #useFor}).
 */
public final class MailServer implements AutoCloseable {

    /** A received mail: recipients, subject and the text of every text part (plain and HTML). */
    public record Mail(List<String> to, String subject, String text, String html) {
        /** Subject and every body part. */
        public String all() {
            return subject + "\n" + text + "\n" + html;
        }

        @Override
        public String toString() {
            return "to " + to + ": " + subject;
        }
    }

    private final GreenMail greenMail;
    private final int port;

    private MailServer(int port) {
        this.port = port;
        this.greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    }

    public static MailServer start() {
        MailServer server = new MailServer(KeycloakServer.freePort());
        server.greenMail.start();
        return server;
    }

    public int port() {
        return port;
    }

    /** Points the demo realm's SMTP settings to this server (through the whole realm representation). */
    public void useFor(KeycloakServer keycloak) {
        Demo.updateRealm(keycloak, realm -> {
            ObjectNode smtp = realm.putObject("smtpServer");
            smtp.put("host", "127.0.0.1");
            smtp.put("port", Integer.toString(port));
            smtp.put("from", "keycloak@example.com");
            smtp.put("fromDisplayName", "Keycloak");
        });
    }

    /** Removes the demo realm's SMTP settings. */
    public static void noSmtp(KeycloakServer keycloak) {
        Demo.updateRealm(keycloak, realm -> realm.set("smtpServer", Http.JSON.valueToTree(Map.of())));
    }

    public List<Mail> mails() {
        List<Mail> out = new ArrayList<>();
        for (MimeMessage m : greenMail.getReceivedMessages()) {
            out.add(read(m));
        }
        return out;
    }

    /** The mails that match. */
    public List<Mail> mails(Predicate<Mail> which) {
        return mails().stream().filter(which).toList();
    }

    /** Waits (bounded) until at least {@code count} mails match, and returns those that do. */
    public List<Mail> await(Predicate<Mail> which, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Mail> matching = mails(which);
        while (matching.size() < count && System.nanoTime() < deadline) {
            greenMail.waitForIncomingEmail(500, greenMail.getReceivedMessages().length + 1);
            matching = mails(which);
        }
        if (matching.size() < count) {
            throw new AssertionError("Expected " + count + " matching mail(s) within " + timeout + ", got " + matching
                    + "; all received: " + mails());
        }
        return matching;
    }

    private static Mail read(MimeMessage m) {
        try {
            List<String> to = Arrays.stream(m.getRecipients(Message.RecipientType.TO)).map(Object::toString).toList();
            StringBuilder text = new StringBuilder();
            StringBuilder html = new StringBuilder();
            collect(m.getContent(), m.getContentType(), text, html);
            return new Mail(to, m.getSubject(), text.toString(), html.toString());
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("Unreadable mail", e);
        }
    }

    private static void collect(Object content, String type, StringBuilder text, StringBuilder html) throws MessagingException, IOException {
        if (content instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart part = multipart.getBodyPart(i);
                collect(part.getContent(), part.getContentType(), text, html);
            }
        } else if (content instanceof String s) {
            (type != null && type.toLowerCase().startsWith("text/html") ? html : text).append(s);
        }
    }

    /** Stops the server; the mails it received are kept in it-output/mails-PORT.txt for whoever reads a failure. */
    @Override
    public void close() {
        try {
            StringBuilder dump = new StringBuilder();
            for (Mail m : mails()) {
                dump.append("=== to ").append(m.to()).append("\nSubject: ").append(m.subject()).append("\n\n").append(m.text())
                        .append("\n--- html\n").append(m.html()).append("\n\n");
            }
            Files.writeString(KeycloakServer.outputDir().resolve("mails-" + port + ".txt"), dump);
        } catch (IOException | RuntimeException e) {
            // only a convenience
        } finally {
            greenMail.stop();
        }
    }
}
