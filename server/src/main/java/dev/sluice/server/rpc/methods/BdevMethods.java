package dev.sluice.server.rpc.methods;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sluice.bdev.Bdev;
import dev.sluice.bdev.BdevManager;
import dev.sluice.bdev.MallocBdev;
import dev.sluice.bdev.NullBdev;
import dev.sluice.config.BdevSpec;
import dev.sluice.config.MallocBdevSpec;
import dev.sluice.config.NullBdevSpec;
import dev.sluice.server.rpc.Errno;
import dev.sluice.server.rpc.Params;
import dev.sluice.server.rpc.RpcException;
import dev.sluice.server.rpc.RpcMethods;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The bdev methods: malloc and null bdevs created and deleted at run time through the {@link BdevManager}, and
 * {@code bdev_get_bdevs}. Errors follow SPDK's handlers: decoding problems are "Invalid parameters", device
 * problems {@code -errno} (EINVAL, EEXIST, ENODEV, EBUSY).
 */
final class BdevMethods {
  private static final Set<String> CREATE_KEYS = Set.of("name", "uuid", "num_blocks", "block_size",
      "physical_block_size", "optimal_io_boundary", "md_size", "md_interleave", "dif_type", "dif_is_head_of_md");

  private final ObjectMapper mapper;
  private final ActorGateway gateway;
  private final ActorRef<BdevManager.Command> manager;

  private BdevMethods(ObjectMapper mapper, ActorGateway gateway, ActorRef<BdevManager.Command> manager) {
    this.mapper = mapper;
    this.gateway = gateway;
    this.manager = manager;
  }

  static void register(RpcMethods methods, ObjectMapper mapper, ActorGateway gateway,
      ActorRef<BdevManager.Command> manager) {
    BdevMethods m = new BdevMethods(mapper, gateway, manager);
    methods.register("bdev_malloc_create", m::mallocCreate)
        .register("bdev_malloc_delete", p -> m.delete(p, MallocBdev.class))
        .register("bdev_null_create", m::nullCreate)
        .register("bdev_null_delete", p -> m.delete(p, NullBdev.class))
        .register("bdev_get_bdevs", m::getBdevs);
  }

  private TextNode mallocCreate(Params p) throws RpcException {
    p.allowOnly(CREATE_KEYS);
    Optional<String> name = p.optionalString("name");
    long numBlocks = p.uint64("num_blocks");
    long blockSize = p.uint32("block_size");
    Optional<UUID> uuid = uuid(p);
    Geometry g = geometry(numBlocks, blockSize);
    onlyDefaultOptions(p, blockSize);
    // SPDK names an unnamed malloc bdev MallocN.
    String bdevName = name.isPresent() ? name.get() : unusedName("Malloc");
    return create(new MallocBdevSpec(checkedName(bdevName), g.bytes(), g.blockSize(), uuid));
  }

  private TextNode nullCreate(Params p) throws RpcException {
    p.allowOnly(CREATE_KEYS);
    String name = p.string("name");
    long numBlocks = p.uint64("num_blocks");
    long blockSize = p.uint32("block_size");
    Optional<UUID> uuid = uuid(p);
    Geometry g = geometry(numBlocks, blockSize);
    onlyDefaultOptions(p, blockSize);
    return create(new NullBdevSpec(checkedName(name), g.bytes(), g.blockSize(), uuid));
  }

  private TextNode create(BdevSpec spec) throws RpcException {
    BdevManager.CreateResult result = gateway.ask(manager, replyTo -> new BdevManager.Create(spec, replyTo),
        "the bdev manager");
    return switch (result) {
      case BdevManager.Created c -> TextNode.valueOf(c.handle().name());
      case BdevManager.Failed f -> throw failure(f);
    };
  }

  private BooleanNode delete(Params p, Class<? extends Bdev> kind) throws RpcException {
    p.allowOnly(Set.of("name"));
    String name = p.string("name");
    BdevManager.LookupResult found = gateway.ask(manager, replyTo -> new BdevManager.Lookup(name, replyTo),
        "the bdev manager");
    if (found instanceof BdevManager.Failed f) {
      throw failure(f);
    }
    Bdev bdev = ((BdevManager.Found) found).handle().bdev();
    if (!kind.isInstance(bdev)) {
      throw RpcException.errno(Errno.ENODEV, "bdev " + name + " is a " + BdevJson.productName(bdev)
          + ", not a " + (kind == MallocBdev.class ? "malloc" : "null") + " bdev");
    }
    BdevManager.DeleteResult deleted = gateway.ask(manager, replyTo -> new BdevManager.Delete(name, replyTo),
        "the bdev manager");
    return switch (deleted) {
      case BdevManager.Deleted d -> BooleanNode.TRUE;
      case BdevManager.Failed f -> throw failure(f);
    };
  }

  private ArrayNode getBdevs(Params p) throws RpcException {
    p.allowOnly(Set.of("name"));
    Optional<String> name = p.optionalString("name");
    List<BdevManager.BdevEntry> entries = list().stream()
        .filter(e -> name.isEmpty() || e.handle().name().equals(name.get())).toList();
    if (name.isPresent() && entries.isEmpty()) {
      throw RpcException.errno(Errno.ENODEV, "no bdev named " + name.get());
    }
    ArrayNode result = mapper.createArrayNode();
    entries.forEach(e -> result.add(BdevJson.of(mapper, e)));
    return result;
  }

  private List<BdevManager.BdevEntry> list() throws RpcException {
    return gateway.<BdevManager.Command, BdevManager.BdevList>ask(manager, BdevManager.ListBdevs::new,
        "the bdev manager").bdevs();
  }

  private String unusedName(String prefix) throws RpcException {
    Set<String> taken = new HashSet<>();
    list().forEach(e -> taken.add(e.handle().name()));
    int i = 0;
    while (taken.contains(prefix + i)) {
      i++;
    }
    return prefix + i;
  }

  private record Geometry(long bytes, int blockSize) {}

  private static Geometry geometry(long numBlocks, long blockSize) throws RpcException {
    if (numBlocks == 0) {
      throw RpcException.errno(Errno.EINVAL, "num_blocks must be greater than 0");
    }
    if (Long.bitCount(blockSize) != 1 || blockSize < 512 || blockSize > 65536) {
      throw RpcException.errno(Errno.EINVAL, "block_size " + blockSize
          + " must be a power of two between 512 and 65536");
    }
    try {
      return new Geometry(Math.multiplyExact(numBlocks, blockSize), (int) blockSize);
    } catch (ArithmeticException e) {
      throw RpcException.errno(Errno.EINVAL, "num_blocks * block_size does not fit in 64 bits");
    }
  }

  /**
   * Options Sluice does not implement (metadata, protection information, I/O boundaries) are accepted only with
   * their "off" values, which SPDK's saved configurations spell out.
   */
  private static void onlyDefaultOptions(Params p, long blockSize) throws RpcException {
    for (String n : List.of("optimal_io_boundary", "md_size", "dif_type")) {
      if (p.optionalUint32(n).orElse(0L) != 0) {
        throw unsupported(n);
      }
    }
    for (String n : List.of("md_interleave", "dif_is_head_of_md")) {
      if (p.optionalBool(n).orElse(false)) {
        throw unsupported(n);
      }
    }
    long physical = p.optionalUint32("physical_block_size").orElse(0L);
    if (physical != 0 && physical != blockSize) {
      throw unsupported("physical_block_size other than block_size");
    }
  }

  private static RpcException unsupported(String what) {
    return RpcException.invalidParams("Invalid parameters: " + what + " is not supported by Sluice");
  }

  private static String checkedName(String name) throws RpcException {
    Optional<String> problem = BdevSpec.nameProblem(name);
    if (problem.isPresent()) {
      throw RpcException.errno(Errno.EINVAL, "bdev name \"" + name + "\" " + problem.get());
    }
    return name;
  }

  private static Optional<UUID> uuid(Params p) throws RpcException {
    Optional<String> text = p.optionalString("uuid");
    if (text.isEmpty()) {
      return Optional.empty();
    }
    Optional<UUID> uuid = Uuids.parse(text.get());
    if (uuid.isEmpty()) {
      throw RpcException.errno(Errno.EINVAL, "Failed to parse bdev UUID " + text.get());
    }
    return uuid;
  }

  /** A refusal from the bdev manager as the errno SPDK's bdev layer would return. */
  static RpcException failure(BdevManager.Failed f) {
    Errno errno = switch (f.reason()) {
      case NOT_FOUND -> Errno.ENODEV;
      case ALREADY_EXISTS -> Errno.EEXIST;
      case CLAIMED, DELETING -> Errno.EBUSY;
      case NOT_CLAIMED -> Errno.ENOENT;
      case CREATE_FAILED -> Errno.EINVAL;
    };
    return RpcException.errno(errno, "bdev " + f.name() + ": " + f.detail());
  }
}
