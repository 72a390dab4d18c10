package dev.sluice.transport;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.ActorAttributes;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Flow;

/**
 * The per-connection stream graph:
 * <pre>
 *   socket ─▶ framing ─▶ digest check + decode ─▶ qpair bridge ─▶ encode + digests ─▶ socket
 * </pre>
 * Elements are batches (the frames of one socket read, the PDUs of one qpair answer), so per-element stream
 * costs are paid per batch, not per PDU. All stages fuse into one stream actor that runs on the connection's poll-group dispatcher, the same
 * thread as the socket's event loop and the qpair actor.
 */
public final class NvmeTcpConnection {
  private NvmeTcpConnection() {}

  /** Limits of one connection's stream. */
  public record Limits(int maxPduLength, int maxOutstandingCommands) {}

  public static void run(Channel channel, QPairPort qpair, TcpConnectionParams params, Limits limits,
      Materializer materializer, String dispatcherId) {
    ByteBufAllocator alloc = channel.alloc();
    Flow<io.netty.buffer.ByteBuf, java.util.List<io.netty.buffer.ByteBuf>, NotUsed> protocol =
        Flow.fromGraph(new PduFramingStage(alloc, limits.maxPduLength()))
            .via(new PduDecodeStage(params))
            .via(new QPairBridgeStage(qpair, limits.maxOutstandingCommands()))
            .via(new PduEncodeStage(params, alloc));
    Flow.fromGraph(new ChannelFlow(channel))
        .join(protocol)
        .withAttributes(ActorAttributes.dispatcher(dispatcherId))
        .run(materializer);
  }
}
