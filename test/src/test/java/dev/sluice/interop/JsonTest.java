package dev.sluice.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.Config;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void writesNestedValuesWithEscapes() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("nqn", "nqn.2016-06.dev.sluice:default");
        params.put("namespace", Map.of("nsid", 2));
        params.put("list", Arrays.asList(1, true, null, 5_000_000_000L));
        params.put("text", "quote \" backslash \\ newline \n tab \t bell \u0007");
        assertEquals("{\"nqn\":\"nqn.2016-06.dev.sluice:default\",\"namespace\":{\"nsid\":2},"
                + "\"list\":[1,true,null,5000000000],"
                + "\"text\":\"quote \\\" backslash \\\\ newline \\n tab \\t bell \\u0007\"}", Json.write(params));
    }

    @Test
    void writtenJsonParsesBackToTheSameValues() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("s", "\u00e9 \" \\ \n");
        params.put("n", 131072);
        Config parsed = Json.parseObject(Json.write(params));
        assertEquals("\u00e9 \" \\ \n", parsed.getString("s"));
        assertEquals(131072, parsed.getInt("n"));
    }

    @Test
    void refusesValuesJsonCannotRepresent() {
        assertThrows(IllegalArgumentException.class, () -> Json.write(new Object()));
        assertThrows(IllegalArgumentException.class, () -> Json.write(Map.of(1, "x")));
    }

    @Test
    void findsTheEndOfTheFirstObjectInAStream() {
        String first = " {\"a\":\"}{\\\"\",\"b\":[{\"c\":1}]}";
        assertEquals(first.length(), Json.completeValueLength(first + "{\"next\":"));
        assertEquals(-1, Json.completeValueLength("{\"a\":[1,2"));
        assertEquals(-1, Json.completeValueLength("{\"a\":\"}"));
        assertEquals(-1, Json.completeValueLength("  "));
        assertEquals(2, Json.completeValueLength("[]"));
    }

    @Test
    void aStreamNotStartingWithAnObjectIsATypedError() {
        assertThrows(InteropException.class, () -> Json.completeValueLength("HTTP/1.1 400"));
    }

    @Test
    void parsesNvmeCliJson() {
        Config discovery = Json.parseObject("""
                {"genctr":2,"records":[{"trtype":"tcp","subnqn":"nqn.2016-06.dev.sluice:default","trsvcid":"4420"}]}
                """);
        assertEquals(List.of("nqn.2016-06.dev.sluice:default"),
                discovery.getConfigList("records").stream().map(r -> r.getString("subnqn")).toList());
    }

    @Test
    void malformedJsonIsATypedError() {
        assertThrows(InteropException.class, () -> Json.parseObject("{\"a\":"));
        assertThrows(InteropException.class, () -> Json.parseObject("a = b"));
    }
}
