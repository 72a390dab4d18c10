package dev.sluice.interop;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What tshark decoded from a capture: NVMe/TCP PDUs per type, PDUs of unknown type, the header/data digests
 * tshark recomputed, good and bad, and the C2HData PDUs with the SUCCESS flag (each stands for a response capsule
 * the target did not send). An empty capture gives all zeros, which is why tests assert on the counts.
 */
public record PduSummary(Map<PduType, Long> counts, long unknownTypes, Digests headerDigests, Digests dataDigests,
                         long successFlaggedData) {

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

    /** Commands answered either way: by a CapsuleResp or by the SUCCESS flag on their last C2HData PDU. */
    public long answered() {
        return count(PduType.CAPSULE_RESPONSE) + successFlaggedData;
    }

    /** The tshark fields {@link #parse} reads, in order. */
    public static final List<String> FIELDS = List.of("nvme-tcp.type", "nvme-tcp.hdgst.status",
            "nvme-tcp.ddgst.status", "nvme-tcp.flags.pdu.data_success");

    /**
     * Parses {@code tshark -T fields} output of {@link #FIELDS}: one line per frame, tab-separated fields,
     * comma-separated values when a frame carries several PDUs. Digest status is Wireshark's checksum status:
     * 0 bad, 1 good, 2 unverified. The SUCCESS flag is decoded for every PDU's flags byte (0 or 1) and counted
     * for C2HData PDUs only.
     */
    public static PduSummary parse(String tsharkFields) {
        Map<PduType, Long> counts = new EnumMap<>(PduType.class);
        long unknown = 0;
        long[] header = new long[2];
        long[] data = new long[2];
        long successFlagged = 0;
        for (String line : tsharkFields.lines().toList()) {
            String[] fields = line.split("\t", -1);
            List<String> types = values(fields, 0);
            List<String> success = values(fields, 3);
            for (int i = 0; i < types.size(); i++) {
                var type = parseInt(types.get(i)).flatMap(PduType::of);
                if (type.isPresent()) {
                    counts.merge(type.get(), 1L, Long::sum);
                    if (type.get() == PduType.C2H_DATA && i < success.size() && success.get(i).equals("1")) {
                        successFlagged++;
                    }
                } else {
                    unknown++;
                }
            }
            tally(values(fields, 1), header);
            tally(values(fields, 2), data);
        }
        return new PduSummary(counts, unknown, new Digests(header[1], header[0]), new Digests(data[1], data[0]),
                successFlagged);
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
