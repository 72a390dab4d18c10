package dev.sluice.server;

import dev.sluice.bdev.BdevFactory;
import dev.sluice.config.ConfigValidationException;
import dev.sluice.config.SluiceConfigLoader;
import dev.sluice.config.SluiceSettings;
import dev.sluice.host.perf.PerfMain;
import dev.sluice.server.rpc.RpcServer;
import dev.sluice.server.rpc.RpcServerException;
import dev.sluice.server.rpc.methods.SluiceRpc;
import dev.sluice.target.TargetNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * {@code sluice [--config FILE] [--check]}: serves the configured target until SIGTERM/SIGINT.
 * {@code sluice perf ...} runs the NVMe/TCP load generator instead (see {@link PerfMain}).
 */
public final class Main {
  private static final String USAGE = """
      usage: sluice [--config FILE] [--check]
             sluice perf [OPTIONS]   (NVMe/TCP load generator; sluice perf --help)
        (no arguments)  serve the built-in default: a 1 GiB RAM bdev as namespace 1 of
                        nqn.2016-06.dev.sluice:default on NVMe/TCP 127.0.0.1:4420,
                        discovery on 127.0.0.1:4420 and 127.0.0.1:8009, JSON-RPC
                        management (SPDK rpc.py) on /var/tmp/sluice.sock
        --config FILE   serve what the HOCON file describes (defaults: reference.conf)
        --check         validate the configuration and exit
      """;

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    if (args.length > 0 && args[0].equals("perf")) {
      return PerfMain.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err);
    }
    Optional<Path> file = Optional.empty();
    boolean check = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--config" -> {
          if (i + 1 >= args.length) {
            System.err.println("sluice: --config needs a file\n" + USAGE);
            return 2;
          }
          file = Optional.of(Path.of(args[++i]));
        }
        case "--check" -> check = true;
        case "-h", "--help" -> {
          System.out.print(USAGE);
          return 0;
        }
        default -> {
          System.err.println("sluice: unknown argument " + args[i] + "\n" + USAGE);
          return 2;
        }
      }
    }
    if (file.isPresent() && !Files.isReadable(file.get())) {
      System.err.println("sluice: cannot read config file " + file.get());
      return 2;
    }
    SluiceSettings settings;
    try {
      settings = SluiceConfigLoader.load(file);
    } catch (ConfigValidationException e) {
      System.err.println("sluice: invalid configuration: " + e.getMessage());
      return 2;
    }
    if (check) {
      System.out.println("sluice: configuration OK");
      return 0;
    }
    TargetNode node;
    try {
      node = TargetNode.start(settings, new BdevFactory(settings.bdevIoThreads()), "sluice");
    } catch (Exception e) {
      System.err.println("sluice: cannot start: " + e.getMessage());
      return 1;
    }
    RpcServer rpc = null;
    if (settings.rpc().enabled()) {
      try {
        rpc = RpcServer.start(settings.rpc().socket(), SluiceRpc.dispatcher(node));
      } catch (RpcServerException e) {
        System.err.println("sluice: cannot start: " + e.getMessage());
        node.close();
        return 1;
      }
    }
    CountDownLatch stopped = new CountDownLatch(1);
    RpcServer management = rpc;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (management != null) {
        management.close();
      }
      node.close();
      stopped.countDown();
    }, "sluice-shutdown"));
    System.err.println("sluice: serving " + node.boundAddresses()
        + (rpc != null ? ", JSON-RPC on " + rpc.socket() : ""));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
