package dev.sluice.transport;

import dev.sluice.nvme.Crc32c;
import dev.sluice.nvme.tcp.C2HData;
import dev.sluice.nvme.tcp.CapsuleResponse;
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
 * Encodes outbound PDUs with the negotiated digests and the host's data alignment. A data PDU leaves as
 * separate buffers — header (+ digest + padding), the payload itself (never copied), the data digest — rather
 * than one composite: the socket's gathering write then uses each buffer's address directly, where a composite
 * would cost several objects per PDU. The PDU's reference to its payload passes to the emitted buffer.
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
      /** Parts of the current PDU still to emit (at most payload and data digest after the header). */
      private final ByteBuf[] pending = new ByteBuf[2];
      private int pendingHead;
      private int pendingCount;

      {
        setHandler(in, new AbstractInHandler() {
          @Override
          public void onPush() {
            encode(grab(in));
          }

          @Override
          public void onUpstreamFinish() {
            if (pendingCount == 0) {
              completeStage();
            }
          }
        });
        setHandler(out, new AbstractOutHandler() {
          @Override
          public void onPull() {
            if (pendingCount > 0) {
              ByteBuf next = pending[pendingHead];
              pending[pendingHead] = null;
              pendingHead++;
              pendingCount--;
              push(out, next);
              if (pendingCount == 0 && isClosed(in)) {
                completeStage();
              }
            } else if (!isClosed(in)) {
              pull(in);
            }
          }
        });
      }

      private void encode(Pdu pdu) {
        boolean hdgst = params.headerDigest();
        boolean ddgst = params.dataDigest();
        switch (pdu) {
          case CapsuleResponse r -> push(out, PduCodec.encodeCapsuleResponse(alloc, hdgst, r.result(), r.sqhd(),
              r.sqid(), r.cid(), r.status()));
          case C2HData d when d.data() != null -> {
            ByteBuf payload = d.data(); // its reference moves to the emitted buffer
            pendingHead = 0;
            pending[0] = payload;
            pendingCount = 1;
            if (ddgst) {
              pending[1] = alloc.ioBuffer(4).writeIntLE(Crc32c.compute(payload, payload.readerIndex(), d.datal()));
              pendingCount = 2;
            }
            push(out, PduCodec.encodeC2HDataHeader(alloc, hdgst, ddgst, d.cccid(), d.datao(), d.datal(), d.last(),
                d.success(), params.hpda()));
          }
          default -> {
            try {
              push(out, PduCodec.encode(pdu, alloc, hdgst, ddgst, params.hpda()));
            } finally {
              pdu.release(); // the encoded buffer holds its own reference to any payload
            }
          }
        }
      }

      @Override
      public void postStop() {
        for (int i = 0; i < pending.length; i++) {
          if (pending[i] != null) {
            pending[i].release();
            pending[i] = null;
          }
        }
      }
    };
  }
}
