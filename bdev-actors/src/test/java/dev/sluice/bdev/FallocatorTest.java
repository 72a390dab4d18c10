package dev.sluice.bdev;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

@EnabledOnOs(OS.LINUX)
class FallocatorTest {

    @TempDir
    Path dir;

    @Test
    void punchHoleAndZeroRangeZeroTheRangeOnly() throws IOException {
        Path file = dir.resolve("f.img");
        byte[] data = Buffers.pattern(1 << 20, 1);
        Files.write(file, data);
        try (Fallocator fallocator = Fallocator.open(file).orElseThrow()) {
            int punched = fallocator.punchHole(4096, 65536);
            int zeroed = fallocator.zeroRange(131072, 8192);
            Assumptions.assumeTrue(punched != Fallocator.EOPNOTSUPP && zeroed != Fallocator.EOPNOTSUPP,
                    "file system supports fallocate modes");
            assertEquals(Fallocator.OK, punched);
            assertEquals(Fallocator.OK, zeroed);
        }
        Arrays.fill(data, 4096, 4096 + 65536, (byte) 0);
        Arrays.fill(data, 131072, 131072 + 8192, (byte) 0);
        assertArrayEquals(data, Files.readAllBytes(file));
        assertEquals(1 << 20, Files.size(file), "KEEP_SIZE");
    }

    @Test
    void closedFallocatorRefusesInsteadOfTouchingAReusedDescriptor() throws IOException {
        Path file = Files.write(dir.resolve("g.img"), new byte[8192]);
        Fallocator fallocator = Fallocator.open(file).orElseThrow();
        fallocator.close();
        fallocator.close();
        assertTrue(fallocator.punchHole(0, 4096) != Fallocator.OK);
    }
}
