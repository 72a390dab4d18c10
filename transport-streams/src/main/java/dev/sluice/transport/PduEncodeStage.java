package dev.sluice.transport;

import dev.sluice.nvme.Crc32c;
import dev.sluice.nvme.tcp.C2HData;
import dev.sluice.nvme.tcp.CapsuleResponse;
import dev.sluice.nvme.tcp.EncodedC2HData;
import dev.sluice.nvme.tcp.Pdu;
import dev.sluice.nvme.tcp.PduCodec;
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
 * Encodes a batch of outbound PDUs with the negotiated digests and the host's data alignment into the buffers
 * to write, in order. A data PDU leaves as separate buffers — header (+ digest + padding), the payload itself
 * (never copied), the data digest — rather than one composite: the socket's gathering write then uses each
 * buffer's address directly. Reads the qpair encoded in place ({@link EncodedC2HData}) pass through as one buffer.
 * Each PDU's reference to its payload passes to the emitted buffers.
 */
public final class PduEncodeStage extends GraphStage<FlowShape<List<Pdu>, List<ByteBuf>>> {
  private final Inlet<List<Pdu>> in = Inlet.create("PduEncode.in");
  private final Outlet<List<ByteBuf>> out = Outlet.create("PduEncode.out");
  private final FlowShape<List<Pdu>, List<ByteBuf>> shape = FlowShape.of(in, out);
  private final TcpConnectionParams params;
  private final ByteBufAllocator alloc;

  public PduEncodeStage(TcpConnectionParams params, ByteBufAllocator alloc) {
    this.params = params;
    this.alloc = alloc;
  }

  @Override
  public FlowShape<List<Pdu>, List<ByteBuf>> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes attrs) {
    return new GraphStageLogic(shape) {
      {
        setHandler(in, new AbstractInHandler() {
          @Override
          public void onPush() {
            List<Pdu> pdus = grab(in);
            List<ByteBuf> buffers = new ArrayList<>(2 * pdus.size() + 2); // a data PDU: header + payload
            int i = 0;
            try {
              for (; i < pdus.size(); i++) {
                encode(pdus.get(i), buffers);
              }
            } catch (RuntimeException e) {
              buffers.forEach(ByteBuf::release);
              for (i++; i < pdus.size(); i++) {
                pdus.get(i).release();
              }
              throw e;
            }
            push(out, buffers);
          }
        });
        setHandler(out, new AbstractOutHandler() {
          @Override
          public void onPull() {
            pull(in);
          }
        });
      }

      private void encode(Pdu pdu, List<ByteBuf> buffers) {
        boolean hdgst = params.headerDigest();
        boolean ddgst = params.dataDigest();
        switch (pdu) {
          case EncodedC2HData d -> buffers.add(d.frame()); // its reference moves to the emitted buffer
          case CapsuleResponse r -> buffers.add(PduCodec.encodeCapsuleResponse(alloc, hdgst, r.result(), r.sqhd(),
              r.sqid(), r.cid(), r.status()));
          case C2HData d when d.data() != null -> {
            ByteBuf payload = d.data(); // its reference moves to the emitted buffer
            try {
              buffers.add(PduCodec.encodeC2HDataHeader(alloc, hdgst, ddgst, d.cccid(), d.datao(), d.datal(),
                  d.last(), d.success(), params.hpda()));
            } catch (RuntimeException e) {
              payload.release();
              throw e;
            }
            buffers.add(payload);
            if (ddgst) {
              buffers.add(alloc.ioBuffer(4).writeIntLE(Crc32c.compute(payload, payload.readerIndex(), d.datal())));
            }
          }
          default -> {
            try {
              buffers.add(PduCodec.encode(pdu, alloc, hdgst, ddgst, params.hpda()));
            } finally {
              pdu.release(); // the encoded buffer holds its own reference to any payload
            }
          }
        }
      }
    };
  }
}
