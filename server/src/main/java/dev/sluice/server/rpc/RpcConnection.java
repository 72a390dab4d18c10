package dev.sluice.server.rpc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client of the management socket, served on its own virtual thread: requests are answered one at a time,
 * in the order they arrive. A stream that is not JSON gets a parse error and the connection is closed, as SPDK
 * does (there is no point to resynchronise at in a JSON stream); other clients are not affected.
 */
final class RpcConnection implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(RpcConnection.class);
  private static final int READ_CHUNK = 16 * 1024;

  private final SocketChannel channel;
  private final RpcDispatcher dispatcher;
  private final JsonStreamFramer framer;
  private final Runnable onClose;

  RpcConnection(SocketChannel channel, RpcDispatcher dispatcher, int maxRequestBytes, Runnable onClose) {
    this.channel = channel;
    this.dispatcher = dispatcher;
    this.framer = new JsonStreamFramer(maxRequestBytes);
    this.onClose = onClose;
  }

  @Override
  public void run() {
    ByteBuffer in = ByteBuffer.allocate(READ_CHUNK);
    try (channel) {
      while (serveBuffered()) {
        in.clear();
        int n = channel.read(in);
        if (n < 0) {
          if (framer.hasPartialValue()) {
            LOG.debug("RPC client closed the connection in the middle of a request");
          }
          return;
        }
        framer.append(in.array(), 0, n);
      }
    } catch (IOException e) {
      // The client went away or the server is closing: either way this connection is over.
      LOG.debug("RPC connection ended: {}", e.toString());
    } finally {
      onClose.run();
    }
  }

  /** Answers every complete request buffered so far; false when the connection must close. */
  private boolean serveBuffered() throws IOException {
    while (true) {
      Optional<byte[]> request;
      try {
        request = framer.next();
      } catch (JsonStreamFramer.FramingException e) {
        LOG.warn("RPC client sent an unparsable stream ({}); closing its connection", e.getMessage());
        write(dispatcher.parseErrorReply(e.getMessage()));
        return false;
      }
      if (request.isEmpty()) {
        return true;
      }
      switch (dispatcher.dispatch(request.get())) {
        case RpcDispatcher.Outcome.Reply reply -> {
          write(reply.bytes());
          if (reply.thenClose()) {
            LOG.warn("RPC client sent malformed JSON; closing its connection");
            return false;
          }
        }
        case RpcDispatcher.Outcome.Silent silent -> { }
      }
    }
  }

  private void write(byte[] bytes) throws IOException {
    ByteBuffer out = ByteBuffer.wrap(bytes);
    while (out.hasRemaining()) {
      channel.write(out);
    }
  }
}
