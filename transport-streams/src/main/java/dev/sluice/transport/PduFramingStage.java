package dev.sluice.transport;

import dev.sluice.nvme.tcp.PduException;
import dev.sluice.nvme.tcp.PduFramer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
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
 * Cuts the socket byte stream into whole PDUs. Every element is the list of frames completed by what was read
 * so far, so a socket read carrying 32 commands costs one trip through the stages behind, not 32. A malformed
 * common header fails the stream with the framer's {@code PduException} (which the qpair turns into a
 * C2HTermReq) once the frames before it have been passed on.
 */
public final class PduFramingStage extends GraphStage<FlowShape<ByteBuf, List<ByteBuf>>> {
  private static final int MIN_CAPACITY = 4;
  private final Inlet<ByteBuf> in = Inlet.create("PduFraming.in");
  private final Outlet<List<ByteBuf>> out = Outlet.create("PduFraming.out");
  private final FlowShape<ByteBuf, List<ByteBuf>> shape = FlowShape.of(in, out);
  private final ByteBufAllocator alloc;
  private final int maxPduLength;

  public PduFramingStage(ByteBufAllocator alloc, int maxPduLength) {
    this.alloc = alloc;
    this.maxPduLength = maxPduLength;
  }

  @Override
  public FlowShape<ByteBuf, List<ByteBuf>> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes attrs) {
    return new GraphStageLogic(shape) {
      private final PduFramer framer = new PduFramer(alloc, maxPduLength);
      /** A framing error found behind frames that were still passed on; raised at the next pull. */
      private PduException failure;
      private int lastCount = MIN_CAPACITY;

      {
        setHandler(in, new AbstractInHandler() {
          @Override
          public void onPush() {
            framer.feed(grab(in));
            emitFrames();
          }

          @Override
          public void onUpstreamFinish() {
            // A partial PDU at close is simply dropped: the connection is gone.
            completeStage();
          }
        });
        setHandler(out, new AbstractOutHandler() {
          @Override
          public void onPull() {
            if (failure != null) {
              failStage(failure);
            } else {
              emitFrames();
            }
          }
        });
      }

      private void emitFrames() {
        if (!isAvailable(out)) {
          return;
        }
        List<ByteBuf> frames = null;
        try {
          ByteBuf frame;
          while ((frame = framer.poll()) != null) {
            if (frames == null) {
              frames = new ArrayList<>(lastCount); // sized like the previous read's: no regrowth
            }
            frames.add(frame);
          }
        } catch (PduException e) {
          failure = e;
        }
        if (frames != null) {
          lastCount = Math.max(MIN_CAPACITY, frames.size());
          push(out, frames);
        } else if (failure != null) {
          failStage(failure);
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
