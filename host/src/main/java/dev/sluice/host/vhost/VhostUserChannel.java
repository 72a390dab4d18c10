package dev.sluice.host.vhost;

import static dev.sluice.host.vhost.VhostUserCodes.*;

import dev.sluice.linux.NativeException;
import dev.sluice.linux.UnixConnection;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;

/**
 * The control connection of one front end: vhost-user messages (12-byte header + payload, little-endian) with
 * descriptors attached. Used only during set-up, by one thread, so it may allocate.
 */
final class VhostUserChannel implements AutoCloseable {

  private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED;
  private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED;
  private static final int MAX_REPLY = 4096;

  private final UnixConnection connection;
  private final Path socket;

  private VhostUserChannel(UnixConnection connection, Path socket) {
    this.connection = connection;
    this.socket = socket;
  }

  static VhostUserChannel connect(Path socket) throws VhostFrontendException {
    try {
      return new VhostUserChannel(UnixConnection.connect(socket), socket);
    } catch (NativeException | IllegalArgumentException e) {
      throw new VhostFrontendException("cannot connect to " + socket + ": " + e.getMessage());
    }
  }

  /** Sends a request; {@code payload} is written by the caller into a segment of the given size. */
  void send(int request, int flags, MemorySegment payload, int... fds) throws VhostFrontendException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment message = a.allocate(HEADER_BYTES + payload.byteSize(), 8);
      message.set(U32, 0, request);
      message.set(U32, 4, VERSION | flags);
      message.set(U32, 8, (int) payload.byteSize());
      MemorySegment.copy(payload, 0, message, HEADER_BYTES, payload.byteSize());
      connection.send(message, fds);
    } catch (NativeException e) {
      throw new VhostFrontendException(socket + ": " + e.getMessage());
    }
  }

  void sendU64(int request, long value) throws VhostFrontendException {
    send(request, 0, u64(value));
  }

  /** Sends a request with NEED_REPLY and checks the REPLY_ACK status (0 = accepted). */
  void sendAcked(int request, MemorySegment payload, int... fds) throws VhostFrontendException {
    send(request, FLAG_NEED_REPLY, payload, fds);
    long status = receive(request).get(U64, 0);
    if (status != 0) {
      throw new VhostFrontendException(socket + " refused request " + request + " (status " + status + ")");
    }
  }

  /** A u64 query (GET_FEATURES, GET_PROTOCOL_FEATURES, GET_QUEUE_NUM). */
  long queryU64(int request) throws VhostFrontendException {
    send(request, 0, payload(0));
    MemorySegment reply = receive(request);
    if (reply.byteSize() < 8) {
      throw new VhostFrontendException(socket + ": reply to request " + request + " has " + reply.byteSize()
          + " bytes, not 8");
    }
    return reply.get(U64, 0);
  }

  /** The payload of the reply to {@code request} (heap memory). */
  MemorySegment receive(int request) throws VhostFrontendException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment header = a.allocate(HEADER_BYTES);
      if (!readFully(header)) {
        throw new VhostFrontendException(socket + " closed the connection (request " + request + ")");
      }
      int code = header.get(U32, 0);
      int flags = header.get(U32, 4);
      int size = header.get(U32, 8);
      if (code != request || (flags & FLAG_REPLY) == 0 || size < 0 || size > MAX_REPLY) {
        throw new VhostFrontendException(socket + ": unexpected reply (request " + code + ", flags 0x"
            + Integer.toHexString(flags) + ", " + size + " bytes) to request " + request);
      }
      MemorySegment payload = a.allocate(Math.max(1, size)).asSlice(0, size);
      if (!readFully(payload)) {
        throw new VhostFrontendException(socket + " closed the connection (request " + request + ")");
      }
      return MemorySegment.ofArray(new byte[size]).copyFrom(payload);
    }
  }

  private boolean readFully(MemorySegment buffer) throws VhostFrontendException {
    try {
      return connection.receiveFully(buffer);
    } catch (NativeException e) {
      throw new VhostFrontendException(socket + ": " + e.getMessage());
    }
  }

  static MemorySegment u64(long value) {
    MemorySegment s = MemorySegment.ofArray(new long[1]);
    s.set(U64, 0, value);
    return s;
  }

  static MemorySegment payload(int bytes) {
    return MemorySegment.ofArray(new long[(bytes + 7) / 8]).asSlice(0, bytes);
  }

  @Override
  public void close() {
    connection.close();
  }
}
