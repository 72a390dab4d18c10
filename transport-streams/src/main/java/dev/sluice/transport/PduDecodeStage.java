package dev.sluice.transport;

import dev.sluice.nvme.tcp.DataDigestException;
import dev.sluice.nvme.tcp.PduCodec;
import io.netty.buffer.ByteBuf;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;

/**
 * Checks digests and decodes one frame into a PDU record. Header-digest and field errors fail the stream
 * (fatal per NVMe/TCP); a data-digest mismatch becomes a {@link InboundMessage.DataDigestError} element.
 */
public final class PduDecodeStage extends GraphStage<FlowShape<ByteBuf, InboundMessage>> {
  private final Inlet<ByteBuf> in = Inlet.create("PduDecode.in");
  private final Outlet<InboundMessage> out = Outlet.create("PduDecode.out");
  private final FlowShape<ByteBuf, InboundMessage> shape = FlowShape.of(in, out);
  private final TcpConnectionParams params;

  public PduDecodeStage(TcpConnectionParams params) {
    this.params = params;
  }

  @Override
  public FlowShape<ByteBuf, InboundMessage> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes attrs) {
    return new GraphStageLogic(shape) {
      {
        setHandler(in, new AbstractInHandler() {
          @Override
          public void onPush() throws Exception {
            ByteBuf frame = grab(in);
            try {
              push(out, new InboundMessage.Received(
                  PduCodec.decode(frame, params.headerDigest(), params.dataDigest())));
            } catch (DataDigestException e) {
              push(out, new InboundMessage.DataDigestError(e.pdu()));
            } finally {
              frame.release();
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
