package dev.sluice.config;

import static dev.sluice.config.ValidationAssertions.assertRejected;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubsystemValidationTest {

    @TempDir
    Path dir;

    private static String subsystem(String body) {
        return """
                sluice.bdevs = [
                  { name = "Malloc0", type = malloc, size = 1MiB }
                  { name = "Malloc1", type = malloc, size = 1MiB }
                ]
                sluice.subsystems = [ { %s } ]
                """.formatted(body);
    }

    @Test
    void namespaceMustReferToAnExistingBdev() {
        assertRejected(dir, subsystem("""
                nqn = "nqn.2016-06.dev.sluice:a"
                namespaces = [ { nsid = 1, bdev = "Malloc0" }, { nsid = 2, bdev = "Malloc9" } ]
                """), "sluice.subsystems[0].namespaces[1].bdev = \"Malloc9\": no bdev with that name");
    }

    @Test
    void nqnMustStartWithNqnAndDate() {
        assertRejected(dir, subsystem("nqn = \"iqn.2016-06.dev.sluice:a\""),
                "sluice.subsystems[0].nqn = \"iqn.2016-06.dev.sluice:a\": an NQN starts with nqn.yyyy-mm.");
    }

    @Test
    void nqnMonthMustBeAMonth() {
        assertRejected(dir, subsystem("nqn = \"nqn.2016-13.dev.sluice:a\""),
                "sluice.subsystems[0].nqn = \"nqn.2016-13.dev.sluice:a\": an NQN starts with nqn.yyyy-mm.");
    }

    @Test
    void nqnNeedsANameAfterTheDomain() {
        assertRejected(dir, subsystem("nqn = \"nqn.2016-06.dev.sluice\""),
                "sluice.subsystems[0].nqn = \"nqn.2016-06.dev.sluice\": an NQN needs ':' and a name");
    }

    @Test
    void nqnDomainLabelsFollowDnsRules() {
        assertRejected(dir, subsystem("nqn = \"nqn.2016-06.dev.-sluice:a\""),
                "sluice.subsystems[0].nqn = \"nqn.2016-06.dev.-sluice:a\": reverse domain label \"-sluice\"");
    }

    @Test
    void nqnIsAtMost223Bytes() {
        String nqn = "nqn.2016-06.dev.sluice:" + "x".repeat(201);
        assertRejected(dir, subsystem("nqn = \"" + nqn + "\""),
                "sluice.subsystems[0].nqn = \"" + nqn.substring(0, 40), "at most 223 bytes, this one has 224");
    }

    @Test
    void uuidNqnMustEndInAUuid() {
        assertRejected(dir, subsystem("nqn = \"nqn.2014-08.org.nvmexpress:uuid:1234\""),
                "sluice.subsystems[0].nqn = \"nqn.2014-08.org.nvmexpress:uuid:1234\": a UUID NQN ends in a UUID");
    }

    @Test
    void discoveryNqnIsNotASubsystem() {
        assertRejected(dir, subsystem("nqn = \"nqn.2014-08.org.nvmexpress.discovery\""),
                "sluice.subsystems[0].nqn = \"nqn.2014-08.org.nvmexpress.discovery\": is the discovery NQN");
    }

    @Test
    void nqnsMustBeUnique() {
        assertRejected(dir, """
                sluice.subsystems = [
                  { nqn = "nqn.2016-06.dev.sluice:a", namespaces = [ { nsid = 1, bdev = "Malloc0" } ] }
                  { nqn = "nqn.2016-06.dev.sluice:a" }
                ]
                """, "sluice.subsystems[1].nqn = \"nqn.2016-06.dev.sluice:a\": duplicate subsystem NQN, already used by"
                + " sluice.subsystems[0]");
    }

    @Test
    void hostNqnsAreValidated() {
        assertRejected(dir, subsystem("""
                nqn = "nqn.2016-06.dev.sluice:a"
                hosts = [ "nqn.2014-08.org.nvmexpress:uuid:11111111-2222-3333-4444-555555555555", "host1" ]
                """), "sluice.subsystems[0].hosts[1] = \"host1\": an NQN starts with nqn.yyyy-mm.");
    }

    @Test
    void nsidMustBeWithinMaxNamespaces() {
        assertRejected(dir, subsystem("""
                nqn = "nqn.2016-06.dev.sluice:a"
                max-namespaces = 4
                namespaces = [ { nsid = 5, bdev = "Malloc0" } ]
                """), "sluice.subsystems[0].namespaces[0].nsid = 5: must be a whole number between 1 and"
                + " max-namespaces (4)");
    }

    @Test
    void nsidZeroIsRejected() {
        assertRejected(dir, subsystem("""
                nqn = "nqn.2016-06.dev.sluice:a"
                namespaces = [ { nsid = 0, bdev = "Malloc0" } ]
                """), "sluice.subsystems[0].namespaces[0].nsid = 0: must be a whole number between 1 and");
    }

    @Test
    void nsidsMustBeUniqueWithinASubsystem() {
        assertRejected(dir, subsystem("""
                nqn = "nqn.2016-06.dev.sluice:a"
                namespaces = [ { nsid = 1, bdev = "Malloc0" }, { nsid = 1, bdev = "Malloc1" } ]
                """), "sluice.subsystems[0].namespaces[1].nsid = 1: duplicate nsid, already used by"
                + " sluice.subsystems[0].namespaces[0]");
    }

    @Test
    void aBdevBacksOneNamespaceUnlessShared() {
        assertRejected(dir, subsystem("""
                nqn = "nqn.2016-06.dev.sluice:a"
                namespaces = [ { nsid = 1, bdev = "Malloc0" }, { nsid = 2, bdev = "Malloc0", shared = true } ]
                """), "sluice.subsystems[0].namespaces[0].bdev = \"Malloc0\": bdev also backs"
                + " sluice.subsystems[0].namespaces[1]", "shared = true");
    }

    @Test
    void explicitNamespaceIdentifiersMustBeUnique() {
        assertRejected(dir, subsystem("""
                nqn = "nqn.2016-06.dev.sluice:a"
                namespaces = [
                  { nsid = 1, bdev = "Malloc0", nguid = "00112233445566778899aabbccddeeff" }
                  { nsid = 2, bdev = "Malloc1", nguid = "00112233-4455-6677-8899-aabbccddeeff" }
                ]
                """), "sluice.subsystems[0].namespaces[1].nguid = \"00112233-4455-6677-8899-aabbccddeeff\":"
                + " duplicate namespace identifier");
    }

    @Test
    void nguidMustBeHex() {
        assertRejected(dir, subsystem("""
                nqn = "nqn.2016-06.dev.sluice:a"
                namespaces = [ { nsid = 1, bdev = "Malloc0", nguid = "zz112233445566778899aabbccddeeff" } ]
                """), "sluice.subsystems[0].namespaces[0].nguid = \"zz112233445566778899aabbccddeeff\": must be 32 hex"
                + " digits");
    }

    @Test
    void eui64MustNotBeZero() {
        assertRejected(dir, subsystem("""
                nqn = "nqn.2016-06.dev.sluice:a"
                namespaces = [ { nsid = 1, bdev = "Malloc0", eui64 = "0000000000000000" } ]
                """), "sluice.subsystems[0].namespaces[0].eui64 = \"0000000000000000\": must not be zero");
    }

    @Test
    void serialIsAtMost20Characters() {
        assertRejected(dir, subsystem("""
                nqn = "nqn.2016-06.dev.sluice:a"
                serial = "SERIAL-NUMBER-THAT-IS-TOO-LONG"
                """), "sluice.subsystems[0].serial = \"SERIAL-NUMBER-THAT-IS-TOO-LONG\": must be 1 to 20 characters");
    }

    @Test
    void serialIsPrintableAscii() {
        assertRejected(dir, subsystem("""
                nqn = "nqn.2016-06.dev.sluice:a"
                serial = "SÉRIAL"
                """), "sluice.subsystems[0].serial = \"SÉRIAL\": must be printable ASCII");
    }

    @Test
    void modelIsAtMost40Characters() {
        String model = "M".repeat(41);
        assertRejected(dir, subsystem("""
                nqn = "nqn.2016-06.dev.sluice:a"
                model = "%s"
                """.formatted(model)), "sluice.subsystems[0].model = \"" + model + "\": must be 1 to 40 characters");
    }

    @Test
    void misspelledSubsystemKeyIsRejected() {
        assertRejected(dir, subsystem("""
                nqn = "nqn.2016-06.dev.sluice:a"
                allow_any_host = true
                """), "sluice.subsystems[0].allow_any_host = true: unknown setting for a subsystem",
                "did you mean \"allow-any-host\"");
    }

    @Test
    void misspelledNamespaceKeyIsRejected() {
        assertRejected(dir, subsystem("""
                nqn = "nqn.2016-06.dev.sluice:a"
                namespaces = [ { nsid = 1, bdev = "Malloc0", share = true } ]
                """), "sluice.subsystems[0].namespaces[0].share = true: unknown setting for a namespace",
                "did you mean \"shared\"");
    }
}
