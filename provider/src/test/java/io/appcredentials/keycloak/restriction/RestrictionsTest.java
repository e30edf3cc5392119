package io.appcredentials.keycloak.restriction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class RestrictionsTest {

    @Test
    void wildcardsStandForWholeSegments() {
        AccessRule users = AccessRule.of("GET", "/admin/realms/demo/users/**");
        assertTrue(users.allows("GET", "/admin/realms/demo/users"), "** takes no segment too");
        assertTrue(users.allows("GET", "/admin/realms/demo/users/123"));
        assertTrue(users.allows("GET", "/admin/realms/demo/users/123/role-mappings/realm"));
        assertTrue(users.allows("HEAD", "/admin/realms/demo/users"), "HEAD is a GET without a body");
        assertFalse(users.allows("POST", "/admin/realms/demo/users"));
        assertFalse(users.allows("GET", "/admin/realms/demo/clients"));
        assertFalse(users.allows("GET", "/admin/realms/demo/users-extra"));
        assertFalse(users.allows("GET", "/admin/realms/demo"));

        AccessRule one = AccessRule.of("*", "/me/*");
        assertTrue(one.allows("DELETE", "/me/x"));
        assertFalse(one.allows("GET", "/me"));
        assertFalse(one.allows("GET", "/me/x/y"));
        assertTrue(AccessRule.of("GET", "/a/**/c").allows("GET", "/a/c"));
        assertTrue(AccessRule.of("GET", "/a/**/c").allows("GET", "/a/b/b/c"));
        assertFalse(AccessRule.of("GET", "/a/**/c").allows("GET", "/a/b/d"));
        assertTrue(AccessRule.anyAllows(List.of(one, users), "PUT", "/me/1"));
        assertTrue(AccessRule.of("GET", "/").allows("GET", "/"));
        assertFalse(AccessRule.of("GET", "/").allows("GET", "/x"));
    }

    /** The plain definition: every way of letting each ** take zero or more segments (exponential; tiny inputs only). */
    private static boolean reference(String[] p, int pi, String[] s, int si) {
        if (pi == p.length) {
            return si == s.length;
        }
        if (p[pi].equals("**")) {
            for (int k = si; k <= s.length; k++) {
                if (reference(p, pi + 1, s, k)) {
                    return true;
                }
            }
            return false;
        }
        return si < s.length && (p[pi].equals("*") || p[pi].equals(s[si])) && reference(p, pi + 1, s, si + 1);
    }

    @Test
    void theMatcherAgreesWithTheDefinitionOnEveryShortPatternAndPath() {
        String[] patternAlphabet = { "a", "b", "*", "**" };
        String[] pathAlphabet = { "a", "b" };
        int compared = 0;
        for (int pl = 0; pl <= 5; pl++) {
            for (int pc = 0; pc < Math.pow(4, pl); pc++) {
                String[] p = new String[pl];
                for (int i = 0, c = pc; i < pl; i++, c /= 4) {
                    p[i] = patternAlphabet[c % 4];
                }
                for (int sl = 0; sl <= 6; sl++) {
                    for (int sc = 0; sc < (1 << sl); sc++) {
                        String[] path = new String[sl];
                        for (int i = 0; i < sl; i++) {
                            path[i] = pathAlphabet[(sc >> i) & 1];
                        }
                        assertEquals(reference(p, 0, path, 0), AccessRule.match(p, path),
                                String.join("/", p) + " against " + String.join("/", path));
                        compared++;
                    }
                }
            }
        }
        assertTrue(compared > 100_000, "compared " + compared);
    }

    @Test
    void aPatternBuiltToMakeBacktrackingExplodeIsAnsweredOnce() {
        // /**/a/**/a/… against /a/a/…/a/b: the plain definition tries C(n+k, k) splits; the matcher a few thousand
        // steps. The bound is preemptive, so that a regression to backtracking fails here instead of hanging the build;
        // it is far above what the linear matcher needs (microseconds), so a slow machine does not trip it.
        String pattern = "/**/a".repeat(60);
        assertNull(AccessRule.problem("GET", pattern));
        String path = "/a".repeat(200) + "/b";
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            assertFalse(AccessRule.of("GET", pattern).allows("GET", path));
            assertTrue(AccessRule.of("GET", pattern).allows("GET", "/a".repeat(200)));
        }, "matching must take time proportional to rule x path, not try every split");
        assertNotNull(AccessRule.problem("GET", "/**/**/x"), "repeated ** is refused");
    }

    @Test
    void ruleShapesAreChecked() {
        assertNull(AccessRule.problem("GET", "/admin/realms/demo/users/**"));
        assertNull(AccessRule.problem("*", "/"));
        assertNotNull(AccessRule.problem("get", "/x"), "methods are upper case");
        assertNotNull(AccessRule.problem("TRACE", "/x"));
        assertNotNull(AccessRule.problem(null, "/x"));
        assertNotNull(AccessRule.problem("GET", "relative/path"));
        assertNotNull(AccessRule.problem("GET", "/a**/b"), "** inside a segment");
        assertNotNull(AccessRule.problem("GET", "/a/b*"));
        assertNotNull(AccessRule.problem("GET", "/a//b"));
        assertNotNull(AccessRule.problem("GET", "/a/../b"));
        assertNotNull(AccessRule.problem("GET", "/a/"));
        assertNotNull(AccessRule.problem("GET", "/a?x=1"));
        assertNotNull(AccessRule.problem("GET", "/a b"));
        assertNotNull(AccessRule.problem("GET", "/" + "a".repeat(512)));
    }

    @Test
    void networksOfBothFamilies() {
        Cidr loopback = Cidr.parse("127.0.0.0/8");
        assertTrue(loopback.contains("127.0.0.1"));
        assertTrue(loopback.contains("127.255.1.2"));
        assertTrue(loopback.contains("::ffff:127.0.0.1"), "an IPv4 client seen through an IPv6 socket");
        assertFalse(loopback.contains("10.0.0.1"));
        assertFalse(loopback.contains("::1"));
        assertFalse(Cidr.parse("10.0.0.0/8").contains("127.0.0.1"));
        assertTrue(Cidr.parse("::1").contains("::1"));
        assertTrue(Cidr.parse("2001:db8::/32").contains("2001:db8:1::5"));
        assertFalse(Cidr.parse("2001:db8::/32").contains("2001:db9::5"));
        assertEquals("10.0.0.0/8", Cidr.parse("10.1.2.3/8").toString(), "canonical form");
        assertEquals("192.0.2.7/32", Cidr.parse("192.0.2.7").toString(), "a bare address");
        for (String bad : new String[] { "", "10.0.0.0/33", "10.0.0/8", "999.1.1.1", "01.2.3.4", "example.com", "10.0.0.0/", "::g",
                "1.2.3.4/-1", "2001:db8::/129", "localhost" }) {
            assertNull(Cidr.parse(bad), bad);
        }
        assertFalse(loopback.contains("not-an-address"));
    }
}
