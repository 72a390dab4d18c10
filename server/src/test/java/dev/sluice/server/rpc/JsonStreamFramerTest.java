package dev.sluice.server.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JsonStreamFramerTest {

  private static List<String> feed(JsonStreamFramer f, String text) throws Exception {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    f.append(b, 0, b.length);
    return drain(f);
  }

  private static List<String> drain(JsonStreamFramer f) throws Exception {
    List<String> out = new ArrayList<>();
    for (Optional<byte[]> v = f.next(); v.isPresent(); v = f.next()) {
      out.add(new String(v.get(), StandardCharsets.UTF_8));
    }
    return out;
  }

  @Test
  void valuesBackToBackWithOrWithoutWhitespaceAreCutApart() throws Exception {
    JsonStreamFramer f = new JsonStreamFramer(1024);
    assertEquals(List.of("{\"a\":1}", "{\"b\":[2]}", "[3]"), feed(f, "{\"a\":1}{\"b\":[2]}\n\t [3]  "));
    assertEquals(List.of(), drain(f));
    assertFalse(f.hasPartialValue());
  }

  @Test
  void aValueArrivingByteByByteIsReturnedOnceComplete() throws Exception {
    JsonStreamFramer f = new JsonStreamFramer(1024);
    String request = "{\"method\":\"x\",\"params\":{\"s\":\"}\\\"{\"}}";
    byte[] b = request.getBytes(StandardCharsets.UTF_8);
    List<String> got = new ArrayList<>();
    for (int i = 0; i < b.length; i++) {
      f.append(b, i, 1);
      got.addAll(drain(f));
      if (i < b.length - 1) {
        assertTrue(got.isEmpty(), "complete too early at byte " + i);
        assertTrue(f.hasPartialValue());
      }
    }
    assertEquals(List.of(request), got);
  }

  @Test
  void bracketsAndEscapedQuotesInsideStringsDoNotCount() throws Exception {
    JsonStreamFramer f = new JsonStreamFramer(1024);
    String v = "{\"k\":\"[{\\\\\",\"e\":\"\\\"}]\"}";
    assertEquals(List.of(v, v), feed(f, v + v));
    assertEquals(List.of(), drain(f));
  }

  @Test
  void multiByteUtf8IsKeptIntact() throws Exception {
    JsonStreamFramer f = new JsonStreamFramer(1024);
    assertEquals(List.of("{\"n\":\"Zürich ✓ }\"}"), feed(f, "{\"n\":\"Zürich ✓ }\"}"));
  }

  @Test
  void aStreamNotStartingWithAnObjectOrArrayIsRejected() throws Exception {
    JsonStreamFramer f = new JsonStreamFramer(1024);
    assertEquals(List.of("{}"), feed(f, "{}"));
    byte[] junk = "  hello".getBytes(StandardCharsets.UTF_8);
    f.append(junk, 0, junk.length);
    assertThrows(JsonStreamFramer.FramingException.class, f::next);
  }

  @Test
  void anUnfinishedValueBeyondTheLimitIsRejected() {
    JsonStreamFramer f = new JsonStreamFramer(64);
    byte[] big = ("{\"pad\":\"" + "x".repeat(100)).getBytes(StandardCharsets.UTF_8);
    f.append(big, 0, big.length);
    var e = assertThrows(JsonStreamFramer.FramingException.class, f::next);
    assertTrue(e.getMessage().contains("64"), e.getMessage());
  }

  @Test
  void manyValuesThroughASmallBufferAreAllFound() throws Exception {
    JsonStreamFramer f = new JsonStreamFramer(1024);
    List<String> got = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      got.addAll(feed(f, "{\"i\":" + i + "}"));
    }
    assertEquals(2000, got.size());
    assertEquals("{\"i\":1999}", got.getLast());
  }
}
