package com.asmm8.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PermutationPatternsTest {

    private static final String D = "example.com";

    @Test
    void aWordIsInsertedJoinedWithDashesAndDotsAndUsedAsASibling() {
        Set<String> p = PermutationPatterns.of("api.example.com", D, List.of("prod"));
        for (String expected : List.of(
                "prod.api.example.com", // insert in front
                "api.prod.example.com", // dot join after the first label
                "api-prod.example.com", "prod-api.example.com", // dash joins
                "apiprod.example.com", "prodapi.example.com", // plain joins
                "prod.example.com")) { // sibling
            assertTrue(p.contains(expected), expected + " in " + p);
        }
    }

    @Test
    void aNumberMovesByOneAndALabelWithoutOneGetsOne() {
        Set<String> numbered = PermutationPatterns.of("web02.example.com", D, List.of());
        assertEquals(Set.of("web1.example.com", "web3.example.com"), numbered);
        Set<String> plain = PermutationPatterns.of("vpn.example.com", D, List.of());
        assertEquals(Set.of("vpn1.example.com", "vpn2.example.com", "vpn-1.example.com", "vpn-2.example.com"), plain);
    }

    @Test
    void anEnvironmentPartIsSwappedForTheOtherEnvironmentsWhereverItStands() {
        Set<String> dash = PermutationPatterns.of("dev-api.example.com", D, List.of());
        assertTrue(dash.contains("prod-api.example.com"), dash.toString());
        assertTrue(dash.contains("staging-api.example.com"), dash.toString());
        Set<String> dotted = PermutationPatterns.of("api.dev.example.com", D, List.of());
        assertTrue(dotted.contains("api.uat.example.com"), dotted.toString());
        assertTrue(dotted.contains("api.prod.example.com"), dotted.toString());
        assertFalse(dotted.contains("api.dev.example.com"), "never the name itself");
        // the domain's own labels are never swapped
        Set<String> inDomain = PermutationPatterns.of("www.dev.example.org", "dev.example.org", List.of());
        assertFalse(inDomain.stream().anyMatch(n -> !n.endsWith(".dev.example.org")), inDomain.toString());
    }

    @Test
    void theDomainItselfOnlyGetsNewLabelsInFront() {
        assertEquals(Set.of("dev.example.com", "prod.example.com"),
                PermutationPatterns.of("example.com", D, List.of("dev", "prod")));
    }

    @Test
    void onlyValidNamesUnderTheDomainComeOut() {
        String long63 = "a".repeat(63);
        Set<String> p = PermutationPatterns.of(long63 + ".example.com", D, List.of("x", "-bad"));
        assertFalse(p.contains(long63 + "x.example.com"), "a label over 63 characters");
        assertFalse(p.stream().anyMatch(n -> n.startsWith("-")), p.toString());
        assertTrue(p.stream().allMatch(n -> n.endsWith(".example.com")), p.toString());
    }

    @Test
    void theEstimateCountsWhatTheGeneratorMakesBeforeDedupe() {
        List<String> words = List.of("dev", "prod", "api", "1", "internal");
        for (String name : List.of("api.example.com", "web02.example.com", "dev-api.example.com",
                "api.dev.example.com", "example.com", "a.b.c.example.com")) {
            long made = PermutationPatterns.of(name, D, words).size();
            long estimated = PermutationPatterns.estimate(name, D, words.size());
            assertTrue(estimated >= made, name + ": estimate " + estimated + " < " + made);
            assertTrue(estimated <= made + words.size() * 2L + 2, name + ": estimate " + estimated + " far above " + made);
        }
    }
}
