package dev.sluice.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class NamespaceIdentifiersTest {

    private static final String NQN = "nqn.2016-06.dev.sluice:default";

    @Test
    void derivedIdentifiersAreStableAndDistinct() {
        NamespaceIdentifiers a = NamespaceIdentifiers.of(NQN, new NamespaceSpec(1, "Malloc0"));
        assertEquals(a, NamespaceIdentifiers.of(NQN, new NamespaceSpec(1, "Malloc0")));
        assertNotEquals(a.uuid(), NamespaceIdentifiers.of(NQN, new NamespaceSpec(2, "Malloc0")).uuid());
        assertNotEquals(a.nguid(), NamespaceIdentifiers.of(NQN, new NamespaceSpec(1, "Malloc1")).nguid());
        assertNotEquals(a.eui64(), NamespaceIdentifiers.of(NQN + "x", new NamespaceSpec(1, "Malloc0")).eui64());
    }

    @Test
    void derivedValuesHaveTheRightShape() {
        NamespaceIdentifiers id = NamespaceIdentifiers.of(NQN, new NamespaceSpec(1, "Malloc0"));
        assertEquals(5, id.uuid().version());
        assertEquals(2, id.uuid().variant());
        int firstOctet = (int) (id.eui64().value() >>> 56);
        assertEquals(0x02, firstOctet & 0x03, "locally administered, unicast");
    }

    @Test
    void configuredValuesWin() {
        UUID uuid = UUID.fromString("6a1f0b7e-8f6c-4a9e-9d0b-1b2c3d4e5f60");
        Nguid nguid = Nguid.parse("00112233445566778899aabbccddeeff");
        Eui64 eui64 = Eui64.parse("00:11:22:33:44:55:66:77");
        NamespaceIdentifiers id = NamespaceIdentifiers.of(NQN, new NamespaceSpec(1, "Malloc0", Optional.of(uuid),
                Optional.of(nguid), Optional.of(eui64), false));
        assertEquals(new NamespaceIdentifiers(uuid, nguid, eui64), id);
    }

    @Test
    void identifiersRoundTripThroughBytesAndText() {
        Nguid nguid = Nguid.parse("00112233-4455-6677-8899-aabbccddeeff");
        assertEquals("00112233445566778899aabbccddeeff", nguid.toString());
        assertEquals(nguid, Nguid.fromBytes(nguid.toBytes(), 0));
        assertEquals((byte) 0xff, nguid.toBytes()[15]);
        assertEquals((byte) 0x77, Eui64.parse("0011223344556677").toBytes()[7]);
    }
}
