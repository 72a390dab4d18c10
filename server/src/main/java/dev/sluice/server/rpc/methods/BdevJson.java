package dev.sluice.server.rpc.methods;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.bdev.Bdev;
import dev.sluice.bdev.BdevManager;
import dev.sluice.bdev.FileBdev;
import dev.sluice.bdev.MallocBdev;
import dev.sluice.bdev.NullBdev;

/** One bdev as {@code bdev_get_bdevs} reports it, in SPDK's shape (lib/bdev/bdev_rpc.c). */
final class BdevJson {
  private BdevJson() {}

  static ObjectNode of(ObjectMapper mapper, BdevManager.BdevEntry entry) {
    Bdev bdev = entry.handle().bdev();
    boolean writable = !bdev.readOnly();
    ObjectNode o = mapper.createObjectNode();
    o.put("name", bdev.name());
    o.putArray("aliases");
    o.put("product_name", productName(bdev));
    o.put("block_size", bdev.blockSize());
    o.put("num_blocks", bdev.numBlocks());
    o.put("uuid", bdev.uuid().toString());
    ObjectNode limits = o.putObject("assigned_rate_limits");
    for (String limit : new String[] {"rw_ios_per_sec", "rw_mbytes_per_sec", "r_mbytes_per_sec", "w_mbytes_per_sec"}) {
      limits.put(limit, 0);
    }
    o.put("claimed", !entry.claims().isEmpty());
    entry.claims().values().stream().findFirst().ifPresent(mode -> o.put("claim_type", claimType(mode)));
    o.put("zoned", false);
    ObjectNode io = o.putObject("supported_io_types");
    io.put("read", true);
    io.put("write", writable);
    io.put("unmap", writable);
    io.put("write_zeroes", writable);
    io.put("flush", true);
    io.put("reset", false);
    io.put("nvme_admin", false);
    io.put("nvme_io", false);
    o.putObject("driver_specific");
    return o;
  }

  /** SPDK's product names for the equivalent modules; SPDK serves files through its AIO module. */
  static String productName(Bdev bdev) {
    return switch (bdev) {
      case MallocBdev m -> "Malloc disk";
      case NullBdev n -> "Null disk";
      case FileBdev f -> "AIO disk";
      default -> "Sluice disk";
    };
  }

  /** SPDK's claim types: an exclusive claim is "exclusive_write", shared namespaces read and write many. */
  private static String claimType(BdevManager.ClaimMode mode) {
    return mode == BdevManager.ClaimMode.EXCLUSIVE ? "exclusive_write" : "read_many_write_many";
  }
}
