package dev.sluice.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ListeningPortsTest {

    @Test
    void readsLocalPortsOfListeningSocketsOnly() {
        String ss = """
                LISTEN 0      128        127.0.0.1:4420       0.0.0.0:*
                LISTEN 0      128             [::]:8009          [::]:*
                ESTAB  0      0          127.0.0.1:4420     127.0.0.1:51234
                LISTEN 0      50                 *:9999             *:*    users:(("java",pid=1,fd=2))
                garbage
                """;
        assertEquals(Set.of(4420, 8009, 9999), ListeningPorts.parse(ss));
    }
}
