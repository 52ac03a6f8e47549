package org.homeroom.openrecords.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class TokensTest {

    @Test
    public void tokensAreRandomAndOnlyTheirHashIsKept() {
        String a = Tokens.newToken();
        assertFalse(a.equals(Tokens.newToken()));
        assertTrue(Tokens.matches(a, Tokens.hash(a)));
        assertFalse(Tokens.matches(a + "x", Tokens.hash(a)));
        assertFalse(Tokens.matches(null, Tokens.hash(a)));
        assertEquals("ORR-2026-00042", Tokens.trackingNumber(2026, 42));
    }
}
