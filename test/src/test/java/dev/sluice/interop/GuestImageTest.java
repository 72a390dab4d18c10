package dev.sluice.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuestImageTest {

    @Test
    void takesThePathsTheBuildScriptPrints(@TempDir Path dir) throws IOException {
        Path kernel = Files.writeString(dir.resolve("vmlinuz"), "k");
        Path initrd = Files.writeString(dir.resolve("initrd.img"), "i");
        GuestImage image = GuestImage.parse("build-guest: progress\nKERNEL=" + kernel + "\nINITRD=" + initrd + "\n",
                Path.of("build-guest.sh"));
        assertEquals(new GuestImage(kernel, initrd), image);
    }

    @Test
    void missingOrNonexistentPathsAreATypedError(@TempDir Path dir) {
        assertThrows(InteropException.class, () -> GuestImage.parse("KERNEL=/x\n", Path.of("s")));
        assertThrows(InteropException.class,
                () -> GuestImage.parse("KERNEL=" + dir.resolve("no") + "\nINITRD=" + dir.resolve("no2"), Path.of("s")));
    }
}
