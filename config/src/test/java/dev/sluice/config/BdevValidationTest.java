package dev.sluice.config;

import static dev.sluice.config.ValidationAssertions.assertRejected;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BdevValidationTest {

    @TempDir
    Path dir;

    @Test
    void blockSizeMustBeAPowerOfTwo() {
        assertRejected(dir, """
                sluice.bdevs = [ { name = "Malloc0", type = malloc, size = 1MiB, block-size = 1000 } ]
                """, "sluice.bdevs[0].block-size = 1000: must be a power of two between 512 and 65536");
    }

    @Test
    void blockSizeMustBeAtMost64KiB() {
        assertRejected(dir, """
                sluice.bdevs = [ { name = "Malloc0", type = malloc, size = 1MiB, block-size = 131072 } ]
                """, "sluice.bdevs[0].block-size = 131072: must be a power of two");
    }

    @Test
    void sizeMustBeAMultipleOfTheBlockSize() {
        assertRejected(dir, """
                sluice.bdevs = [ { name = "Malloc0", type = malloc, size = 1000, block-size = 512 } ]
                """, "sluice.bdevs[0].size = 1000: must be a multiple of block-size (512)");
    }

    @Test
    void sizeMustBePositive() {
        assertRejected(dir, """
                sluice.bdevs = [ { name = "Malloc0", type = null, size = 0 } ]
                """, "sluice.bdevs[0].size = 0: must be greater than 0");
    }

    @Test
    void sizeMustBeASize() {
        assertRejected(dir, """
                sluice.bdevs = [ { name = "Malloc0", type = malloc, size = "lots" } ]
                """, "sluice.bdevs[0].size = \"lots\": must be a size in bytes");
    }

    @Test
    void mallocNeedsASize() {
        assertRejected(dir, """
                sluice.bdevs = [ { name = "Malloc0", type = malloc } ]
                """, "sluice.bdevs[0].size: missing required setting");
    }

    @Test
    void misspelledKeyIsRejectedWithASuggestion() {
        assertRejected(dir, """
                sluice.bdevs = [ { name = "Malloc0", type = malloc, size = 1MiB, blocksize = 4096 } ]
                """, "sluice.bdevs[0].blocksize = 4096: unknown setting for a malloc bdev",
                "did you mean \"block-size\"");
    }

    @Test
    void fileOnlyKeysAreUnknownOnMallocBdevs() {
        assertRejected(dir, """
                sluice.bdevs = [ { name = "Malloc0", type = malloc, size = 1MiB, read-only = true } ]
                """, "sluice.bdevs[0].read-only = true: unknown setting for a malloc bdev");
    }

    @Test
    void populateIsOnlyForMallocBdevs() {
        assertRejected(dir, """
                sluice.bdevs = [ { name = "Null0", type = null, size = 1MiB, populate = true } ]
                """, "sluice.bdevs[0].populate = true: unknown setting for a null bdev");
        assertRejected(dir, """
                sluice.bdevs = [ { name = "Malloc0", type = malloc, size = 1MiB, populate = sometimes } ]
                """, "sluice.bdevs[0].populate");
    }

    @Test
    void unknownTypeIsRejected() {
        assertRejected(dir, """
                sluice.bdevs = [ { name = "Malloc0", type = ramdisk, size = 1MiB } ]
                """, "sluice.bdevs[0].type = \"ramdisk\": unknown bdev type; use malloc, null or file");
    }

    @Test
    void nameMustUseSafeCharacters() {
        assertRejected(dir, """
                sluice.bdevs = [ { name = "my disk", type = malloc, size = 1MiB } ]
                """, "sluice.bdevs[0].name = \"my disk\": must be 1 to 64 characters");
    }

    @Test
    void namesMustBeUnique() {
        assertRejected(dir, """
                sluice.bdevs = [
                  { name = "Malloc0", type = malloc, size = 1MiB }
                  { name = "Malloc0", type = null, size = 1MiB }
                ]
                """, "sluice.bdevs[1].name = \"Malloc0\": duplicate bdev name, already used by sluice.bdevs[0]");
    }

    @Test
    void uuidMustParse() {
        assertRejected(dir, """
                sluice.bdevs = [ { name = "Malloc0", type = malloc, size = 1MiB, uuid = "not-a-uuid" } ]
                """, "sluice.bdevs[0].uuid = \"not-a-uuid\": must be a UUID");
    }

    @Test
    void fileBdevNeedsAPath() {
        assertRejected(dir, """
                sluice.bdevs = [ { name = "Malloc0", type = file, size = 1MiB } ]
                """, "sluice.bdevs[0].path: missing required setting");
    }

    @Test
    void fileFlagsMustBeBooleans() {
        assertRejected(dir, """
                sluice.bdevs = [ { name = "Malloc0", type = file, path = "/tmp/x", direct-io = sometimes } ]
                """, "sluice.bdevs[0].direct-io = \"sometimes\": must be true or false");
    }

    @Test
    void elementsMustBeObjects() {
        assertRejected(dir, """
                sluice.bdevs = [ "Malloc0" ]
                """, "sluice.bdevs[0] = \"Malloc0\": must be an object");
    }

    @Test
    void typosInElementDefaultsAreRejected() {
        assertRejected(dir, """
                sluice.defaults.bdev.blocksize = 4096
                """, "sluice.defaults.bdev.blocksize = 4096: unknown setting", "did you mean \"block-size\"");
    }
}
