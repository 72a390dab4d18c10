package dev.sluice.server.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ParamsTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static Params params(String json) throws Exception {
    return Params.of(MAPPER.readTree(json));
  }

  private static String rejected(org.junit.jupiter.api.function.Executable e) {
    RpcException x = assertThrows(RpcException.class, e);
    assertEquals(RpcException.INVALID_PARAMS, x.code());
    return x.getMessage();
  }

  @Test
  void typedMembersAreRead() throws Exception {
    Params p = params("{\"s\":\"a\",\"b\":true,\"n\":18446744073709551615,\"m\":4294967295,\"o\":{\"x\":1}}");
    assertEquals("a", p.string("s"));
    assertEquals(true, p.bool("b"));
    assertEquals(4294967295L, p.uint32("m"));
    assertEquals(1L, p.object("o").uint32("x"));
    assertEquals(Optional.empty(), p.optionalString("missing"));
    assertTrue(rejected(() -> p.uint64("n")).contains("too large"));
  }

  @Test
  void wrongTypesAndRangesNameTheMember() throws Exception {
    Params p = params("{\"s\":1,\"n\":-1,\"f\":1.5,\"big\":4294967296,\"o\":{\"inner\":\"x\"}}");
    assertTrue(rejected(() -> p.string("s")).contains("s must be a string"));
    assertTrue(rejected(() -> p.uint64("n")).contains("n must be an unsigned integer"));
    assertTrue(rejected(() -> p.uint64("f")).contains("f must be an unsigned integer"));
    assertTrue(rejected(() -> p.uint32("big")).contains("big must be an unsigned 32-bit integer"));
    assertTrue(rejected(() -> p.object("o").uint32("inner")).contains("o.inner"));
    assertTrue(rejected(() -> p.string("absent")).contains("absent is required"));
  }

  @Test
  void unknownMembersAreRefused() throws Exception {
    Params p = params("{\"name\":\"a\",\"nmae\":\"b\"}");
    assertTrue(rejected(() -> p.allowOnly(Set.of("name"))).contains("nmae is not a known parameter"));
  }

  @Test
  void methodsWithoutParamsRefuseThem() throws Exception {
    Params.of(null).requireNone("m");
    assertTrue(rejected(() -> params("{}").requireNone("m")).contains("requires no parameters"));
  }
}
