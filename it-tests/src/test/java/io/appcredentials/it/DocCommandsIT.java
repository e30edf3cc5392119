package io.appcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.appcredentials.it.support.Demo;
import io.appcredentials.it.support.Http;
import io.appcredentials.it.support.KeycloakServer;
import io.appcredentials.it.support.TestServer;

/**
 * The commands of the documentation, run as a reader runs them: the README's walkthrough (sign in as alice with
 * {@code oathtool}, create, get a token, {@code kcadm.sh}), then the user guide's {@code curl} call for every
 * lifecycle operation and its restricted {@code kcadm.sh} example, in one {@code bash} session against the test
 * server, with the reader's tools ({@code curl}, {@code jq}, {@code oathtool}, the distribution's {@code kcadm.sh}).
 * The blocks are read from the documents at test time, so a command changed there is the command run here; the only
 * substitution is the server's URL in the walkthrough's {@code KC=} line. The user guide's access-rule matcher (Python)
 * is run too, on the cases the server decides the same way.
 */
@ExtendWith(TestServer.class)
class DocCommandsIT {

    private static final Path ROOT = Path.of("..");
    private static final String DOC_URL = "KC=http://localhost:8080";

    private final KeycloakServer server = TestServer.server();

    @AfterEach
    void alicesCredentialsRevoked() {
        // the walkthrough's credentials are alice's, in the shared test server: none outlives this test
        String alice = Demo.userId(server, Demo.ALICE);
        Http.delete(Demo.adminCredentialsUrl(server) + "/users/" + alice, Demo.masterAdminToken(server));
    }

    @Test
    void theWalkthroughAndEveryUserApiCallRunAsWritten(@TempDir Path dir) throws Exception {
        List<String> walkthrough = bashBlocks(ROOT.resolve("README.md"), "Try it");
        List<String> userApi = bashBlocks(ROOT.resolve("docs/user-guide.md"), "The user API");
        List<String> restrictions = bashBlocks(ROOT.resolve("docs/user-guide.md"), "Restrictions beyond roles");
        assertEquals(4, walkthrough.size(), "the walkthrough's four steps: " + walkthrough);
        assertEquals(1, userApi.size(), "the user API's curl examples");
        assertEquals(1, restrictions.size(), "the restricted kcadm example");
        assertTrue(walkthrough.get(0).contains(DOC_URL), "the walkthrough sets KC to the URL run.sh serves");

        Path home = Files.createDirectories(dir.resolve("home"));
        StringBuilder script = new StringBuilder();
        script.append("set -uo pipefail\n");
        script.append("export HOME='").append(home).append("'\n");
        script.append("export PATH='").append(server.home().resolve("bin")).append("':\"$PATH\"\n");
        script.append("cd '").append(dir).append("'\n");
        Map<String, String> blocks = new LinkedHashMap<>();
        for (int i = 0; i < walkthrough.size(); i++) {
            blocks.put("step" + (i + 1), walkthrough.get(i));
        }
        blocks.put("user-api", userApi.get(0));
        blocks.put("restrictions", restrictions.get(0));
        for (Map.Entry<String, String> block : blocks.entrySet()) {
            // a command's output may end without a newline (curl): the marker starts a line of its own
            script.append("echo; echo '@@ ").append(block.getKey()).append("'\n");
            script.append(block.getValue().replace(DOC_URL, "KC=" + server.baseUrl())).append('\n');
            script.append(switch (block.getKey()) {
                case "step1" -> "echo; echo \"@@ check token length ${#USER_TOKEN}\"\n";
                case "step2" -> "echo; echo \"@@ check id ${ID:0:3} secret ${SECRET:0:4}\"\n";
                // after the revoke at the end of the block: the regenerated secret is refused
                case "user-api" -> "echo; echo \"@@ check new secret ${SECRET:0:4} after revoke $(curl -s -o /dev/null -w '%{http_code}' "
                        + "-u \"$ID:$SECRET\" -d grant_type=client_credentials $KC/realms/demo/protocol/openid-connect/token)\"\n";
                default -> "";
            });
        }
        Path file = dir.resolve("docs.sh");
        Files.writeString(file, script);

        Process p = new ProcessBuilder("bash", file.toString()).redirectErrorStream(true).start();
        // what the commands print holds secrets and tokens: never in a failure message or report
        String out = redacted(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "the documented commands did not finish");
        Map<String, String> outputs = split(out);
        assertEquals(List.copyOf(blocks.keySet()), List.copyOf(outputs.keySet()), out);

        Matcher tokenLength = Pattern.compile("@@ check token length (\\d+)").matcher(outputs.get("step1"));
        assertTrue(tokenLength.find() && Integer.parseInt(tokenLength.group(1)) > 200, "step 1 signs alice in: " + outputs.get("step1"));
        assertTrue(outputs.get("step2").contains("\"name\":\"ci-reader\""), outputs.get("step2"));
        assertTrue(outputs.get("step2").contains("@@ check id ac_ secret acs_"), outputs.get("step2"));
        String step3 = outputs.get("step3");
        assertTrue(step3.contains("\"access_token\"") && !step3.contains("\"error\""), "step 3 gets a token: " + step3);
        assertTrue(outputs.get("step4").contains("\"username\" : \"alice\""), "kcadm lists users: " + outputs.get("step4"));

        List<String> api = lines(outputs.get("user-api"));
        assertTrue(api.stream().anyMatch(l -> l.startsWith("{\"id\":\"ac_") && l.contains("\"name\":\"ci-reader\"")), "the list: " + api);
        assertTrue(api.stream().anyMatch(l -> l.startsWith("{\"name\":\"ci-reader\",\"state\":\"active\"")), "one credential: " + api);
        assertTrue(api.stream().anyMatch(l -> l.matches("\\{\"count\":\\d+,\"policy\":10}")), "the options: " + api);
        List<String> plain = api.stream().filter(l -> !l.startsWith("{") && !l.startsWith("@@")).toList();
        assertEquals("nightly export", plain.get(0), api.toString());
        assertEquals("disabled", plain.get(1), api.toString());
        assertEquals("active", plain.get(2), api.toString());
        // rotation without downtime: the previous secret works until then, not used since; ended early (204)
        assertTrue(api.stream().anyMatch(l -> l.matches("\\{\"previousSecretExpiresAt\":\"[0-9T:Z-]+\",\"previousSecretLastUsedAt\":null}")),
                "the previous secret's fields: " + api);
        assertEquals("204", plain.get(3), "the previous secret ended: " + api);
        assertTrue(plain.get(4).matches("\\d{4}-\\d{2}-\\d{2}T23:59:59Z"), "renewed to the end of a day: " + api);
        assertEquals("204", plain.get(5), api.toString());
        assertTrue(api.contains("@@ check new secret acs_ after revoke 401"), "regenerated, then revoked: " + api);
        assertEquals(6, plain.size(), api.toString());

        String restricted = outputs.get("restrictions");
        assertTrue(restricted.contains("\"username\" : \"alice\""), "the rule allows the user list: " + restricted);
        assertTrue(restricted.contains("do not allow GET /admin/realms/demo/clients [access_denied]"), "and nothing else: " + restricted);

        // the documents keep every kcadm session in a file of the reader's choosing, never in ~/.keycloak
        assertFalse(Files.exists(home.resolve(".keycloak")), "the reader's own kcadm configuration was written");
        assertTrue(Files.exists(dir.resolve("demo-kcadm.config")) && Files.exists(dir.resolve("users-only.config")));
        assertFalse(out.contains("command not found"), out);
    }

    /**
     * The administration guide's {@code kcadm.sh} commands, every line as written, with its placeholders filled in
     * ({@code <user-id>}: a user with a second factor, {@code <id>}: one of that user's credentials) and the server's URL
     * for {@code http://localhost:8080}; each command must exit 0, and what they did is read back through the API. The
     * policy they change is put back afterwards.
     */
    @Test
    void theAdministratorsKcadmCommandsRunAsWritten(@TempDir Path dir) throws Exception {
        List<String> blocks = bashBlocks(ROOT.resolve("docs/administration.md"), "Administration");
        assertEquals(2, blocks.size(), "the kcadm examples and the default application's: " + blocks);
        Demo.TestUser user = Demo.aliceLike(server);
        String id = Demo.create(server, user.token(server), Map.of("name", "admin-doc")).get("id").asText();
        String admin = Demo.masterAdminToken(server);
        JsonNode policy = Http.get(Demo.policyUrl(server), admin).json();
        try {
            Path home = Files.createDirectories(dir.resolve("home"));
            StringBuilder script = new StringBuilder("set -uo pipefail\n");
            script.append("export HOME='").append(home).append("'\n");
            script.append("export PATH='").append(server.home().resolve("bin")).append("':\"$PATH\"\n");
            script.append("cd '").append(dir).append("'\n");
            int commands = 0;
            for (String block : blocks) {
                assertTrue(block.contains("<user-id>") || block.contains("default-application"), block);
                String filled = block.replace("http://localhost:8080", server.baseUrl()).replace("<user-id>", user.id()).replace("<id>", id);
                // one command per logical line (a trailing backslash continues it); each must exit 0
                for (String command : filled.replace("\\\n", " ").split("\n")) {
                    String line = command.strip();
                    if (line.isEmpty() || line.startsWith("#")) {
                        continue;
                    }
                    // braces on lines of their own: a comment at the end of the command cannot swallow the check
                    script.append("{ ").append(line).append("\n} || echo \"@@ failed: ").append(commands).append("\"\n");
                    commands++;
                }
            }
            assertTrue(commands >= 12, "every documented command is run: " + commands);
            Files.writeString(dir.resolve("admin.sh"), script);
            Process p = new ProcessBuilder("bash", dir.resolve("admin.sh").toString()).redirectErrorStream(true).start();
            String out = redacted(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            assertTrue(p.waitFor(300, TimeUnit.SECONDS), "the documented commands did not finish");
            assertFalse(out.contains("@@ failed"), out);
            assertFalse(out.contains("command not found"), out);

            // what the commands did: <id> disabled, then revoked with the rest of the user's, then two created for the user
            admin = Demo.masterAdminToken(server); // the master realm's tokens live a minute: the commands may take longer
            assertEquals("revoked", Http.get(Demo.adminCredentialsUrl(server) + "/" + id, admin).json().get("state").asText());
            assertEquals(5, Http.get(Demo.policyUrl(server), admin).json().get("maxPerUser").asInt(), "the policy update");
            List<String> live = new ArrayList<>();
            for (JsonNode c : Http.get(Demo.adminCredentialsUrl(server) + "?user=" + user.id() + "&state=active", admin).json()) {
                live.add(c.get("name").asText());
            }
            assertEquals(List.of("ci", "nightly-backup"), live.stream().sorted().toList(), out);
            assertTrue(out.contains("\"secret\" : \"acs_(secret)\""), "-o prints the secret, this once: " + out);
            assertTrue(out.contains("\"present\" : true") || out.contains("\"present\":true"), "the default application is there: " + out);
        } finally {
            Http.Resp restored = Http.putJson(Demo.policyUrl(server), Demo.masterAdminToken(server), policy);
            assertEquals(200, restored.status(), "the policy put back: " + restored);
            Http.delete(Demo.adminCredentialsUrl(server) + "/users/" + user.id(), admin);
        }
    }

    /** The user guide's access-rule matcher in Python, on the cases RestrictionsIT shows the server deciding. */
    @Test
    void theDocumentedMatcherDecidesAsTheServerDoes(@TempDir Path dir) throws Exception {
        List<String> python = blocks(ROOT.resolve("docs/user-guide.md"), "Restrictions beyond roles", "python");
        assertEquals(1, python.size());
        String cases = """

                rule = lambda m, p: {"authorization_details": [{"type": "urn:app-credentials:access-rule", "actions": [m], "path": p}]}
                users = rule("GET", "/admin/realms/demo/users/**")
                assert allowed(users, "GET", "/admin/realms/demo/users")
                assert allowed(users, "GET", "/admin/realms/demo/users/1/groups")
                assert allowed(users, "HEAD", "/admin/realms/demo/users/1")
                assert not allowed(users, "POST", "/admin/realms/demo/users")
                assert not allowed(users, "GET", "/admin/realms/demo/clients")
                assert not allowed(users, "GET", "/admin/realms/demo/usersx")
                one = rule("*", "/admin/realms/*/users")
                assert allowed(one, "DELETE", "/admin/realms/demo/users")
                assert not allowed(one, "GET", "/admin/realms/demo/x/users")
                assert allowed({}, "POST", "/anything")
                print("matcher ok")
                """;
        Path file = dir.resolve("matcher.py");
        Files.writeString(file, python.get(0) + cases);
        Process p = new ProcessBuilder("python3", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals("matcher ok", out.strip());
    }

    static List<String> bashBlocks(Path doc, String heading) throws IOException {
        return blocks(doc, heading, "bash");
    }

    /**
     * The fenced blocks of a language in a section of a Markdown document: from its heading to the next heading of the
     * same or a higher level, without the indentation of a block inside a list item.
     */
    static List<String> blocks(Path doc, String heading, String language) throws IOException {
        List<String> lines = Files.readAllLines(doc);
        List<String> found = new ArrayList<>();
        int level = -1;
        StringBuilder block = null;
        String indent = "";
        boolean inOtherFence = false;
        for (String line : lines) {
            String trimmed = line.stripLeading();
            if (block != null) {
                if (trimmed.startsWith("```")) {
                    found.add(block.toString());
                    block = null;
                } else {
                    block.append(line.startsWith(indent) ? line.substring(indent.length()) : line.strip()).append('\n');
                }
                continue;
            }
            if (trimmed.startsWith("```")) {
                if (level > 0 && !inOtherFence && trimmed.equals("```" + language)) {
                    block = new StringBuilder();
                    indent = line.substring(0, line.length() - trimmed.length());
                } else {
                    inOtherFence = !inOtherFence;
                }
                continue;
            }
            if (inOtherFence) {
                continue;
            }
            Matcher h = Pattern.compile("^(#+) (.*)$").matcher(line);
            if (h.matches()) {
                int l = h.group(1).length();
                if (l >= 2 && h.group(2).strip().equals(heading)) { // a section, not the document's title
                    level = l;
                } else if (level > 0 && l <= level) {
                    break;
                }
            }
        }
        assertTrue(level > 0, "no section \"" + heading + "\" in " + doc);
        return found;
    }

    private static Map<String, String> split(String out) {
        Map<String, String> parts = new LinkedHashMap<>();
        String current = null;
        StringBuilder text = new StringBuilder();
        for (String line : out.split("\n", -1)) {
            if (line.startsWith("@@ ") && !line.startsWith("@@ check")) {
                if (current != null) {
                    parts.put(current, text.toString());
                }
                current = line.substring(3).strip();
                text = new StringBuilder();
            } else {
                text.append(line).append('\n');
            }
        }
        if (current != null) {
            parts.put(current, text.toString());
        }
        return parts;
    }

    private static String redacted(String text) {
        return text.replaceAll("acs_[A-Za-z0-9]+", "acs_(secret)").replaceAll("eyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]*", "(token)");
    }

    private static List<String> lines(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }
}
