package dev.sluice.transport;

import dev.sluice.nvme.tcp.PduFramer;
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
 * Cuts the socket byte stream into whole PDUs (one frame per element). A malformed common header fails the
 * stream with the framer's {@code PduException}, which the qpair turns into a C2HTermReq.
 */
public final class PduFramingStage extends GraphStage<FlowShape<ByteBuf, ByteBuf>> {
  private final Inlet<ByteBuf> in = Inlet.create("PduFraming.in");
  private final Outlet<ByteBuf> out = Outlet.create("PduFraming.out");
  private final FlowShape<ByteBuf, ByteBuf> shape = FlowShape.of(in, out);
  private final ByteBufAllocator alloc;
  private final int maxPduLength;

  public PduFramingStage(ByteBufAllocator alloc, int maxPduLength) {
    this.alloc = alloc;
    this.maxPduLength = maxPduLength;
  }

  @Override
  public FlowShape<ByteBuf, ByteBuf> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes attrs) {
    return new GraphStageLogic(shape) {
      private final PduFramer framer = new PduFramer(alloc, maxPduLength);

      {
        setHandler(in, new AbstractInHandler() {
          @Override
          public void onPush() throws Exception {
            framer.feed(grab(in));
            emitNext();
          }

          @Override
          public void onUpstreamFinish() {
            // A partial PDU at close is simply dropped: the connection is gone.
            completeStage();
          }
        });
        setHandler(out, new AbstractOutHandler() {
          @Override
          public void onPull() throws Exception {
            emitNext();
          }
        });
      }

      private void emitNext() throws Exception {
        if (!isAvailable(out)) {
          return;
        }
        ByteBuf frame = framer.poll();
        if (frame != null) {
          push(out, frame);
        } else if (!hasBeenPulled(in) && !isClosed(in)) {
          pull(in);
        }
      }

      @Override
      public void postStop() {
        framer.close();
      }
    };
  }
}
