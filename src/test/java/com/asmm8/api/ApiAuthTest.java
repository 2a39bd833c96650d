package com.asmm8.api;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ApiAuthTest {

    @Test
    void tokensAreCheckedAndRotatable() {
        ApiAuth auth = new ApiAuth(" new-token , old-token ");
        assertDoesNotThrow(() -> auth.check("Bearer new-token"));
        assertDoesNotThrow(() -> auth.check("bearer old-token"));
        assertEquals(401, assertThrows(ApiException.class, () -> auth.check(null)).status());
        assertEquals(401, assertThrows(ApiException.class, () -> auth.check("Basic abc")).status());
        assertEquals(403, assertThrows(ApiException.class, () -> auth.check("Bearer new-tokenX")).status());
        assertEquals(403, assertThrows(ApiException.class, () -> auth.check("Bearer ")).status());
    }

    @Test
    void withoutTokensOnlyLoopbackIsAllowed() {
        assertTrue(ApiAuth.allowedOn("127.0.0.1", null));
        assertTrue(ApiAuth.allowedOn("::1", ""));
        assertFalse(ApiAuth.allowedOn("0.0.0.0", null));
        assertFalse(ApiAuth.allowedOn("10.1.2.3", " "));
        assertTrue(ApiAuth.allowedOn("0.0.0.0", "secret"));
        assertDoesNotThrow(() -> new ApiAuth("").check(null), "no tokens: open (on loopback)");
    }
}
