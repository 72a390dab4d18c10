package dev.sluice.server.rpc.methods;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.target.Namespace;
import dev.sluice.target.Subsystem;
import dev.sluice.target.Target;
import dev.sluice.target.TransportAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/** Subsystems as {@code nvmf_get_subsystems} reports them, in SPDK's shape (lib/nvmf/nvmf_rpc.c). */
final class SubsystemJson {
  /** SPDK prints NGUID and EUI-64 as upper-case hex without separators. */
  private static final HexFormat HEX = HexFormat.of().withUpperCase();

  private SubsystemJson() {}

  static ObjectNode discovery(ObjectMapper mapper, List<TransportAddress> listeners) {
    ObjectNode o = mapper.createObjectNode();
    o.put("nqn", Target.DISCOVERY_NQN);
    o.put("subtype", "Discovery");
    o.set("listen_addresses", addresses(mapper, listeners));
    o.put("allow_any_host", true);
    o.putArray("hosts");
    return o;
  }

  static ObjectNode nvme(ObjectMapper mapper, Subsystem.Description d, List<TransportAddress> listeners) {
    ObjectNode o = mapper.createObjectNode();
    o.put("nqn", d.info().nqn());
    o.put("subtype", "NVMe");
    o.set("listen_addresses", addresses(mapper, listeners));
    o.put("allow_any_host", d.allowAnyHost());
    ArrayNode hosts = o.putArray("hosts");
    d.hosts().forEach(h -> hosts.addObject().put("nqn", h));
    o.put("serial_number", d.info().serial());
    o.put("model_number", d.info().model());
    o.put("max_namespaces", d.info().maxNamespaces());
    o.put("min_cntlid", d.cntlidMin());
    o.put("max_cntlid", d.cntlidMax());
    ArrayNode namespaces = o.putArray("namespaces");
    for (Namespace ns : d.namespaces()) {
      ObjectNode n = namespaces.addObject();
      n.put("nsid", ns.nsid());
      n.put("bdev_name", ns.bdev().name());
      // SPDK keeps "name" next to "bdev_name" for older clients.
      n.put("name", ns.bdev().name());
      n.put("nguid", HEX.formatHex(ns.nguid()));
      n.put("eui64", HEX.formatHex(ns.eui64()));
      n.put("uuid", ns.uuid().toString());
    }
    return o;
  }

  private static ArrayNode addresses(ObjectMapper mapper, List<TransportAddress> listeners) {
    ArrayNode a = mapper.createArrayNode();
    for (TransportAddress l : listeners) {
      ObjectNode o = a.addObject();
      o.put("trtype", l.transport().toUpperCase(Locale.ROOT));
      o.put("adrfam", l.ipv6() ? "IPv6" : "IPv4");
      o.put("traddr", l.address());
      o.put("trsvcid", Integer.toString(l.port()));
    }
    return a;
  }
}
