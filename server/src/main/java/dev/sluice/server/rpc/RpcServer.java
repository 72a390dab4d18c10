package dev.sluice.server.rpc;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON-RPC management server on a Unix-domain socket (the JDK's own {@link UnixDomainSocketAddress}). One
 * virtual thread accepts; each client gets its own virtual thread, so a slow or broken client holds up nobody
 * else. Connections are capped like SPDK's (64) so a runaway script cannot exhaust the process.
 */
public final class RpcServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RpcServer.class);
  static final int MAX_CONNECTIONS = 64;
  static final int MAX_REQUEST_BYTES = 4 << 20;
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

  private final Path socket;
  private final ServerSocketChannel server;
  private final RpcDispatcher dispatcher;
  private final Object fileKey;
  private final Set<SocketChannel> clients = ConcurrentHashMap.newKeySet();
  private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
  private final AtomicLong accepted = new AtomicLong();
  private final Thread acceptor;
  private volatile boolean closed;

  private RpcServer(Path socket, ServerSocketChannel server, RpcDispatcher dispatcher, Object fileKey) {
    this.socket = socket;
    this.server = server;
    this.dispatcher = dispatcher;
    this.fileKey = fileKey;
    this.acceptor = Thread.ofVirtual().name("sluice-rpc-accept").unstarted(this::acceptLoop);
  }

  /**
   * Listens on {@code socket}, first removing a stale socket file left by a process that died.
   *
   * @throws RpcServerException if another process serves that path, the path is some other kind of file, or
   *     the socket cannot be bound (missing directory, permissions)
   */
  public static RpcServer start(Path socket, RpcDispatcher dispatcher) throws RpcServerException {
    SocketFile.prepare(socket);
    ServerSocketChannel server;
    Object key;
    try {
      server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    } catch (IOException e) {
      throw new RpcServerException("cannot open a Unix socket: " + e.getMessage(), e);
    }
    try {
      server.bind(UnixDomainSocketAddress.of(socket));
      key = SocketFile.fileKey(socket);
    } catch (IOException e) {
      closeQuietly(server);
      throw new RpcServerException("cannot listen on RPC socket " + socket + ": " + e.getMessage(), e);
    }
    RpcServer rpc = new RpcServer(socket, server, dispatcher, key);
    rpc.acceptor.start();
    LOG.info("JSON-RPC listening on {}", socket);
    return rpc;
  }

  public Path socket() {
    return socket;
  }

  private void acceptLoop() {
    while (!closed) {
      SocketChannel client;
      try {
        client = server.accept();
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        if (!closed) {
          LOG.warn("RPC accept failed: {}", e.toString());
        }
        return;
      }
      if (clients.size() >= MAX_CONNECTIONS) {
        LOG.warn("RPC connection refused: {} clients already connected", MAX_CONNECTIONS);
        closeQuietly(client);
        continue;
      }
      clients.add(client);
      // onClose runs on the connection's own thread as its last step.
      Thread thread = Thread.ofVirtual().name("sluice-rpc-" + accepted.incrementAndGet()).unstarted(
          new RpcConnection(client, dispatcher, MAX_REQUEST_BYTES, () -> {
            clients.remove(client);
            threads.remove(Thread.currentThread());
          }));
      threads.add(thread);
      thread.start();
      if (closed) {
        closeQuietly(client);
      }
    }
  }

  /** Stops accepting, disconnects every client and removes the socket file. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    closeQuietly(server);
    clients.forEach(RpcServer::closeQuietly);
    join(acceptor);
    threads.forEach(RpcServer::join);
    SocketFile.deleteIfSame(socket, fileKey);
    LOG.info("JSON-RPC socket {} closed", socket);
  }

  private static void join(Thread t) {
    try {
      t.join(CLOSE_WAIT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException e) {
      // Closing to let go; there is nothing left to do with it.
    }
  }
}
