package dev.sluice.target;

import static dev.sluice.target.AdminFixture.discoveryState;
import static dev.sluice.target.AdminFixture.getFeatures;
import static dev.sluice.target.AdminFixture.identify;
import static dev.sluice.target.AdminFixture.ioState;
import static dev.sluice.target.AdminFixture.namespace;
import static dev.sluice.target.AdminFixture.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.nvme.AdminOpcode;
import dev.sluice.nvme.Sqe;
import dev.sluice.nvme.Status;
import dev.sluice.target.AdminFixture.Outcome;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AdminCommandsTest {

  @ParameterizedTest
  @ValueSource(ints = {AdminOpcode.DELETE_IO_SQ, AdminOpcode.CREATE_IO_CQ, AdminOpcode.NS_MANAGEMENT,
      AdminOpcode.FIRMWARE_COMMIT, AdminOpcode.DIRECTIVE_SEND, AdminOpcode.FORMAT_NVM, AdminOpcode.SANITIZE, 0xC0})
  void unsupportedOpcodeIsInvalidOpcode(int opcode) {
    assertEquals(Status.withDnr(Status.INVALID_OPCODE), run(ioState(), new Sqe().setOpcode(opcode), 0).status());
  }

  @ParameterizedTest
  @ValueSource(ints = {AdminOpcode.NS_MANAGEMENT, AdminOpcode.FORMAT_NVM, AdminOpcode.SECURITY_RECEIVE})
  void discoveryControllerRejectsOtherOpcodes(int opcode) {
    assertEquals(Status.withDnr(Status.INVALID_OPCODE),
        run(discoveryState(DiscoveryView.EMPTY, null), new Sqe().setOpcode(opcode), 4096).status());
  }

  @Test
  void configurationThatCannotBeEncodedIsAnInternalError() {
    // 256-byte blocks: LBADS 8 is below the smallest format the spec allows.
    Outcome o = run(ioState(namespace(1, 8, 256)), identify(0x00, 1), 4096);
    assertEquals(Status.withDnr(Status.INTERNAL_ERROR), o.status());
  }

  @Test
  void successfulCommandMakesItsWholeDataBufferReadable() {
    // A data buffer on a feature that returns no data still reaches the host as zeroes, never stale bytes.
    Outcome o = run(ioState(), getFeatures(0x07, 0, 0), 64);
    assertEquals(Status.SUCCESS, o.status());
    assertArrayEquals(new byte[64], o.data());
  }

  @Test
  void failedCommandLeavesTheBufferUntouched() {
    ByteBuf out = Unpooled.buffer(4096, 4096);
    try {
      AdminResult r = AdminCommands.execute(ioState(), identify(0x00, 0), null, out, new AsyncEvents());
      assertEquals(Status.withDnr(Status.INVALID_NAMESPACE), r.status());
      assertEquals(0, out.readableBytes());
    } finally {
      out.release();
    }
  }
}
