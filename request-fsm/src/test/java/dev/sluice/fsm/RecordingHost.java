package dev.sluice.fsm;

import dev.sluice.nvme.Status;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;

/** A TcpRequestHost that records what the machine asks of it; execution completes when the test says so. */
final class RecordingHost implements TcpRequestHost {
  final List<String> calls = new ArrayList<>();
  final List<int[]> r2ts = new ArrayList<>();
  int validateStatus = Status.SUCCESS;
  boolean buffersAvailable = true;
  boolean completeInline;
  int inlineStatus = Status.SUCCESS;
  int maxH2CData = 1 << 20;
  int lastViolationFes = -1;
  ByteBuf lastSentData;
  int completedStatus = -1;
  int releasedSlots;

  @Override
  public int inCapsuleDataSize() {
    return 8192;
  }

  @Override
  public int maxTransferSize() {
    return 128 * 1024;
  }

  @Override
  public int maxH2CData() {
    return maxH2CData;
  }

  @Override
  public int validate(TcpRequest request) {
    calls.add("validate");
    return validateStatus;
  }

  @Override
  public ByteBuf allocate(TcpRequest request, int length) {
    calls.add("allocate");
    // Room on both sides, as the target keeps for in-place responses: the machine must address data from the
    // reader index.
    return buffersAvailable ? Unpooled.buffer(length + 16, length + 16).writerIndex(8 + length).readerIndex(8) : null;
  }

  @Override
  public void sendR2T(TcpRequest request, int offset, int length) {
    calls.add("r2t");
    r2ts.add(new int[] {offset, length});
  }

  @Override
  public void execute(TcpRequest request) {
    calls.add("execute");
    if (completeInline) {
      request.complete(inlineStatus, 0);
    }
  }

  @Override
  public void sendCompletion(TcpRequest request) {
    calls.add("completion");
    completedStatus = request.status();
    lastSentData = request.takeData();
  }

  @Override
  public void released(TcpRequest request) {
    calls.add("released");
    releasedSlots++;
  }

  @Override
  public void protocolViolation(TcpRequest request, RequestEvent event, int fes, String why) {
    calls.add("violation");
    lastViolationFes = fes;
  }
}
