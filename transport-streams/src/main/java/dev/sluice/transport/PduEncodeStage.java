package dev.sluice.transport;

import dev.sluice.nvme.tcp.Pdu;
import dev.sluice.nvme.tcp.PduCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;

/**
 * Encodes outbound PDUs with the negotiated digests and the host's data alignment. Data payloads are
 * appended as retained buffers (no copy): the encoded buffer holds its own reference, and the PDU's is
 * released here.
 */
public final class PduEncodeStage extends GraphStage<FlowShape<Pdu, ByteBuf>> {
  private final Inlet<Pdu> in = Inlet.create("PduEncode.in");
  private final Outlet<ByteBuf> out = Outlet.create("PduEncode.out");
  private final FlowShape<Pdu, ByteBuf> shape = FlowShape.of(in, out);
  private final TcpConnectionParams params;
  private final ByteBufAllocator alloc;

  public PduEncodeStage(TcpConnectionParams params, ByteBufAllocator alloc) {
    this.params = params;
    this.alloc = alloc;
  }

  @Override
  public FlowShape<Pdu, ByteBuf> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes attrs) {
    return new GraphStageLogic(shape) {
      {
        setHandler(in, new AbstractInHandler() {
          @Override
          public void onPush() {
            Pdu pdu = grab(in);
            try {
              push(out, PduCodec.encode(pdu, alloc, params.headerDigest(), params.dataDigest(), params.hpda()));
            } finally {
              pdu.release(); // the encoded buffer holds its own reference to the payload
            }
          }
        });
        setHandler(out, new AbstractOutHandler() {
          @Override
          public void onPull() {
            pull(in);
          }
        });
      }
    };
  }
}
