package dev.sluice.transport;

import dev.sluice.nvme.tcp.DataDigestException;
import dev.sluice.nvme.tcp.PduCodec;
import dev.sluice.nvme.tcp.PduException;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;

/**
 * Checks digests and decodes a batch of frames into PDU records. Header-digest and field errors fail the stream
 * (fatal per NVMe/TCP) after the PDUs before the bad frame have been passed on; a data-digest mismatch becomes a
 * {@link InboundMessage.DataDigestError} element.
 */
public final class PduDecodeStage extends GraphStage<FlowShape<List<ByteBuf>, List<InboundMessage>>> {
  private final Inlet<List<ByteBuf>> in = Inlet.create("PduDecode.in");
  private final Outlet<List<InboundMessage>> out = Outlet.create("PduDecode.out");
  private final FlowShape<List<ByteBuf>, List<InboundMessage>> shape = FlowShape.of(in, out);
  private final TcpConnectionParams params;

  public PduDecodeStage(TcpConnectionParams params) {
    this.params = params;
  }

  @Override
  public FlowShape<List<ByteBuf>, List<InboundMessage>> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes attrs) {
    return new GraphStageLogic(shape) {
      /** A fatal decode error behind PDUs that were still passed on; raised at the next pull. */
      private PduException failure;
      private final PduCodec.Decoder decoder = PduCodec.decoder();

      {
        setHandler(in, new AbstractInHandler() {
          @Override
          public void onPush() {
            List<ByteBuf> frames = grab(in);
            List<InboundMessage> decoded = new ArrayList<>(frames.size());
            int i = 0;
            try {
              for (; i < frames.size(); i++) {
                decoded.add(decode(frames.get(i)));
              }
            } catch (PduException e) {
              failure = e;
              for (i++; i < frames.size(); i++) {
                frames.get(i).release();
              }
            }
            if (!decoded.isEmpty()) {
              push(out, decoded);
            } else {
              failStage(failure);
            }
          }
        });
        setHandler(out, new AbstractOutHandler() {
          @Override
          public void onPull() {
            if (failure != null) {
              failStage(failure);
            } else {
              pull(in);
            }
          }
        });
      }

      private InboundMessage decode(ByteBuf frame) throws PduException {
        try {
          return new InboundMessage.Received(decoder.decode(frame, params.headerDigest(), params.dataDigest()));
        } catch (DataDigestException e) {
          return new InboundMessage.DataDigestError(e.pdu());
        } finally {
          frame.release();
        }
      }
    };
  }
}
