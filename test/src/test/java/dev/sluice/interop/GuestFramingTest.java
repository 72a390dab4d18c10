package dev.sluice.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GuestFramingTest {

    @Test
    void requestCarriesIdWholeSecondsAndTheCommandInBase64() {
        String request = GuestFraming.request(7, Duration.ofMillis(1500), "echo 'a b' | cat\nexit 3");
        assertTrue(request.endsWith("\n"));
        String[] words = request.strip().split(" ");
        assertEquals(3, words.length, request);
        assertEquals("7", words[0]);
        assertEquals("2", words[1], "timeouts round up to whole seconds");
        assertEquals("echo 'a b' | cat\nexit 3", new String(Base64.getDecoder().decode(words[2]), StandardCharsets.UTF_8));
    }

    @Test
    void requestTimeoutIsAtLeastOneSecond() {
        assertEquals("1", GuestFraming.request(1, Duration.ZERO, "true").split(" ")[1]);
    }

    @Test
    void parserAssemblesMultiLineOutputAndExitCode() {
        String output = "line one\n@@SLUICE-END 4 0@@ printed by the command\n\u00e9";
        String base64 = Base64.getMimeEncoder().encodeToString(output.getBytes(StandardCharsets.UTF_8));
        GuestFraming.ReplyParser parser = new GuestFraming.ReplyParser(4);
        assertEquals(Optional.empty(), parser.accept("@@SLUICE-BEGIN 4@@"));
        for (String line : base64.split("\r\n")) {
            assertEquals(Optional.empty(), parser.accept(line));
        }
        assertEquals(Optional.of(new CommandResult(3, output)), parser.accept("@@SLUICE-END 4 3@@"));
    }

    @Test
    void parserSkipsRepliesToOtherRequestsAndNoise() {
        GuestFraming.ReplyParser parser = new GuestFraming.ReplyParser(2);
        assertEquals(Optional.empty(), parser.accept("[  12.3] kernel noise"));
        assertEquals(Optional.empty(), parser.accept("@@SLUICE-BEGIN 1@@"));
        assertEquals(Optional.empty(), parser.accept(Base64.getEncoder().encodeToString("late".getBytes())));
        assertEquals(Optional.empty(), parser.accept("@@SLUICE-END 1 124@@"));
        assertEquals(Optional.empty(), parser.accept("@@SLUICE-BEGIN 2@@"));
        assertEquals(Optional.of(new CommandResult(0, "")), parser.accept("@@SLUICE-END 2 0@@"));
    }

    @Test
    void brokenFramingIsATypedError() {
        GuestFraming.ReplyParser parser = new GuestFraming.ReplyParser(5);
        parser.accept("@@SLUICE-BEGIN 5@@");
        assertThrows(InteropException.class, () -> parser.accept("@@SLUICE-BEGIN 6@@"));

        GuestFraming.ReplyParser badBase64 = new GuestFraming.ReplyParser(5);
        badBase64.accept("@@SLUICE-BEGIN 5@@");
        badBase64.accept("not*base64");
        assertThrows(InteropException.class, () -> badBase64.accept("@@SLUICE-END 5 0@@"));

        GuestFraming.ReplyParser badExit = new GuestFraming.ReplyParser(5);
        badExit.accept("@@SLUICE-BEGIN 5@@");
        assertThrows(InteropException.class, () -> badExit.accept("@@SLUICE-END 5 x@@"));
    }
}
