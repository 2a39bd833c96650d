package com.asmm8.zone;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

/**
 * "Black lies" (minimally covering NSEC, as Cloudflare and NS1 answer): the next name of an NSEC
 * record made up for one answer is the owner with a {@code \000} label before it; a real chain's
 * next name is another name of the zone.
 */
class NsecWalkTest {

    @Test
    void aNextNameThatIsTheOwnerWithAZeroLabelIsMadeUpAndAnotherNameIsNot() throws Exception {
        Name owner = Name.fromString("www.example.com.");
        assertTrue(NsecWalk.minimallyCovering(owner, Name.fromString("\\000.www.example.com.")));
        assertFalse(NsecWalk.minimallyCovering(owner, Name.fromString("xyz.example.com.")));
        assertFalse(NsecWalk.minimallyCovering(owner, Name.fromString("a.www.example.com.")), "a real name below the owner");
        assertFalse(NsecWalk.minimallyCovering(owner, Name.fromString("\\000.b.www.example.com.")));
    }
}
