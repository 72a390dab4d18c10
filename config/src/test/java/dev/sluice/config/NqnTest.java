package dev.sluice.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NqnTest {

    @Test
    void acceptsDomainUuidAndDiscoveryForms() {
        assertTrue(Nqn.isValid("nqn.2016-06.io.spdk:cnode1"));
        assertTrue(Nqn.isValid("nqn.2014-08.org.nvmexpress:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6"));
        assertTrue(Nqn.isValid(DiscoverySettings.DISCOVERY_NQN));
        assertTrue(Nqn.isValid("nqn.2016-06.dev.sluice:name:with:colons and spaces"));
        assertTrue(Nqn.isValid("nqn.2016-06.dev.sluice:" + "a".repeat(223 - 23)));
    }

    @Test
    void rejectsMalformedNames() {
        assertFalse(Nqn.isValid(""));
        assertFalse(Nqn.isValid("nqn.16-06.io.spdk:x"));
        assertFalse(Nqn.isValid("nqn.2016-00.io.spdk:x"));
        assertFalse(Nqn.isValid("nqn.2016-06.:x"));
        assertFalse(Nqn.isValid("nqn.2016-06.io.spdk:"));
        assertFalse(Nqn.isValid("nqn.2016-06.io..spdk:x"));
        assertFalse(Nqn.isValid("nqn.2016-06.io.spdk-:x"));
        assertFalse(Nqn.isValid("nqn.2016-06.1io.spdk:x"));
        assertFalse(Nqn.isValid("nqn.2014-08.org.nvmexpress:uuid:not-a-uuid"));
        assertFalse(Nqn.isValid("nqn.2016-06.dev.sluice:" + "a".repeat(224 - 23)));
        assertFalse(Nqn.isValid("nqn.2016-06.dev.sluice:" + "é".repeat(101)), "limit counts UTF-8 bytes");
    }
}
