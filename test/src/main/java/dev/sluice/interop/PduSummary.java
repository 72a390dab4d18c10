package dev.sluice.interop;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What tshark decoded from a capture: NVMe/TCP PDUs per type, PDUs of unknown type, and the header/data digests
 * tshark recomputed, good and bad. An empty capture gives all zeros, which is why tests assert on the counts.
 */
public record PduSummary(Map<PduType, Long> counts, long unknownTypes, Digests headerDigests, Digests dataDigests) {

    /** Digests tshark checked: matching and not matching the PDU. */
    public record Digests(long good, long bad) {
    }

    public PduSummary {
        EnumMap<PduType, Long> copy = new EnumMap<>(PduType.class);
        copy.putAll(counts);
        counts = Collections.unmodifiableMap(copy);
    }

    public long count(PduType type) {
        return counts.getOrDefault(type, 0L);
    }

    public long total() {
        return counts.values().stream().mapToLong(Long::longValue).sum() + unknownTypes;
    }

    /**
     * Parses {@code tshark -T fields -e nvme-tcp.type -e nvme-tcp.hdgst.status -e nvme-tcp.ddgst.status} output:
     * one line per frame, tab-separated fields, comma-separated values when a frame carries several PDUs.
     * Digest status is Wireshark's checksum status: 0 bad, 1 good, 2 unverified.
     */
    public static PduSummary parse(String tsharkFields) {
        Map<PduType, Long> counts = new EnumMap<>(PduType.class);
        long unknown = 0;
        long[] header = new long[2];
        long[] data = new long[2];
        for (String line : tsharkFields.lines().toList()) {
            String[] fields = line.split("\t", -1);
            for (String value : values(fields, 0)) {
                var type = parseInt(value).flatMap(PduType::of);
                if (type.isPresent()) {
                    counts.merge(type.get(), 1L, Long::sum);
                } else {
                    unknown++;
                }
            }
            tally(values(fields, 1), header);
            tally(values(fields, 2), data);
        }
        return new PduSummary(counts, unknown, new Digests(header[1], header[0]), new Digests(data[1], data[0]));
    }

    private static void tally(List<String> statuses, long[] badAndGood) {
        for (String status : statuses) {
            switch (status) {
                case "0" -> badAndGood[0]++;
                case "1" -> badAndGood[1]++;
                default -> { }
            }
        }
    }

    private static List<String> values(String[] fields, int index) {
        if (index >= fields.length || fields[index].isBlank()) {
            return List.of();
        }
        return List.of(fields[index].trim().split(","));
    }

    private static Optional<Integer> parseInt(String value) {
        try {
            return Optional.of(Integer.valueOf(value.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
