package dev.sluice.server.rpc.methods;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.config.VhostDeviceSpec;
import dev.sluice.server.rpc.Errno;
import dev.sluice.server.rpc.Params;
import dev.sluice.server.rpc.RpcException;
import dev.sluice.server.rpc.RpcMethods;
import dev.sluice.vhost.VhostDevices;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * SPDK's vhost-user-blk methods: {@code vhost_create_blk_controller} (socket {@code <socket-dir>/<ctrlr>}, as
 * SPDK), {@code vhost_delete_controller}, {@code vhost_get_controllers}. A controller claims its bdev like a
 * namespace does. Devices created here offer {@link VhostDeviceSpec#MAX_QUEUES} queues: QEMU's
 * {@code num-queues} picks how many it uses. {@code cpumask} is accepted and ignored (workers place queues).
 */
final class VhostMethods {
  private static final Set<String> CREATE_KEYS = Set.of("ctrlr", "dev_name", "cpumask", "readonly",
      "packed_ring", "packed_ring_recovery");

  private final ObjectMapper mapper;
  private final ActorGateway gateway;
  private final ActorRef<VhostDevices.Command> devices;
  private final Path socketDir;

  private VhostMethods(ObjectMapper mapper, ActorGateway gateway, ActorRef<VhostDevices.Command> devices,
      Path socketDir) {
    this.mapper = mapper;
    this.gateway = gateway;
    this.devices = devices;
    this.socketDir = socketDir;
  }

  static void register(RpcMethods methods, ObjectMapper mapper, ActorGateway gateway,
      ActorRef<VhostDevices.Command> devices, Path socketDir) {
    VhostMethods m = new VhostMethods(mapper, gateway, devices, socketDir);
    methods.register("vhost_create_blk_controller", m::create)
        .register("vhost_delete_controller", m::delete)
        .register("vhost_get_controllers", m::get);
  }

  private BooleanNode create(Params p) throws RpcException {
    p.allowOnly(CREATE_KEYS);
    String ctrlr = p.string("ctrlr");
    String bdev = p.string("dev_name");
    p.optionalString("cpumask");
    boolean readOnly = p.optionalBool("readonly").orElse(false);
    if (p.optionalBool("packed_ring").orElse(false) || p.optionalBool("packed_ring_recovery").orElse(false)) {
      throw RpcException.errno(Errno.EINVAL, "packed rings are not supported");
    }
    VhostDeviceSpec spec;
    try {
      spec = new VhostDeviceSpec(ctrlr, socketDir.resolve(ctrlr).normalize(), bdev, VhostDeviceSpec.MAX_QUEUES,
          readOnly);
    } catch (IllegalArgumentException e) { // includes InvalidPathException
      throw RpcException.errno(Errno.EINVAL, e.getMessage());
    }
    if (!spec.socket().getParent().equals(socketDir)) {
      throw RpcException.errno(Errno.EINVAL, "ctrlr \"" + ctrlr + "\" is not a plain name");
    }
    VhostDevices.Result result = gateway.ask(devices, replyTo -> new VhostDevices.Create(spec, replyTo),
        "the vhost devices");
    return switch (result) {
      case VhostDevices.Done d -> BooleanNode.TRUE;
      case VhostDevices.Refused r -> throw RpcException.errno(errno(r.reason()), r.detail());
    };
  }

  private BooleanNode delete(Params p) throws RpcException {
    p.allowOnly(Set.of("ctrlr"));
    String ctrlr = p.string("ctrlr");
    VhostDevices.Result result = gateway.ask(devices, replyTo -> new VhostDevices.Delete(ctrlr, replyTo),
        "the vhost devices");
    return switch (result) {
      case VhostDevices.Done d -> BooleanNode.TRUE;
      case VhostDevices.Refused r -> throw RpcException.errno(errno(r.reason()), r.detail());
    };
  }

  private ArrayNode get(Params p) throws RpcException {
    p.allowOnly(Set.of("name"));
    Optional<String> name = p.optionalString("name");
    VhostDevices.DeviceList list = gateway.ask(devices, VhostDevices.ListDevices::new, "the vhost devices");
    List<VhostDeviceSpec> shown = list.devices().stream()
        .filter(d -> name.isEmpty() || d.name().equals(name.get())).toList();
    if (name.isPresent() && shown.isEmpty()) {
      throw RpcException.errno(Errno.ENODEV, "no vhost controller " + name.get());
    }
    ArrayNode out = mapper.createArrayNode();
    for (VhostDeviceSpec d : shown) {
      ObjectNode c = out.addObject();
      c.put("ctrlr", d.name());
      c.put("cpumask", cpumask());
      c.put("delay_base_us", 0);
      c.put("iops_threshold", 0);
      c.put("socket", d.socket().toString());
      c.putArray("sessions");
      ObjectNode block = c.putObject("backend_specific").putObject("block");
      block.put("readonly", d.readOnly());
      block.put("bdev", d.bdev());
      block.put("transport", "vhost_user_blk");
      block.put("num_queues", d.numQueues());
    }
    return out;
  }

  /** Every core: the workers, not a per-controller mask, decide where queues run. */
  private static String cpumask() {
    int cores = Math.min(63, Runtime.getRuntime().availableProcessors());
    return "0x" + Long.toHexString((1L << cores) - 1);
  }

  private static Errno errno(VhostDevices.Reason reason) {
    return switch (reason) {
      case EXISTS -> Errno.EEXIST;
      case NOT_FOUND -> Errno.ENODEV;
      case BDEV_NOT_FOUND -> Errno.ENODEV;
      case BDEV_BUSY -> Errno.EBUSY;
      case SOCKET_FAILED -> Errno.EINVAL;
    };
  }
}
