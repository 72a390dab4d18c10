package dev.sluice.fsm;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class RequestEventTest {

  @Test
  void capsuleWithoutDataIsTheSharedEventAndDataTravelsInANewOne() {
    assertSame(RequestEvent.CapsuleReceived.WITHOUT_DATA, RequestEvent.CapsuleReceived.of(null));
    assertNull(RequestEvent.CapsuleReceived.WITHOUT_DATA.inCapsuleData());
    ByteBuf data = Unpooled.buffer(8);
    assertSame(data, RequestEvent.CapsuleReceived.of(data).inCapsuleData());
  }
}
