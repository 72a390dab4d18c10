package dev.sluice.target;

import static dev.sluice.target.AdminFixture.HOST_ID;
import static dev.sluice.target.AdminFixture.discoveryState;
import static dev.sluice.target.AdminFixture.getFeatures;
import static dev.sluice.target.AdminFixture.ioState;
import static dev.sluice.target.AdminFixture.limits;
import static dev.sluice.target.AdminFixture.namespace;
import static dev.sluice.target.AdminFixture.run;
import static dev.sluice.target.AdminFixture.setFeatures;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.nvme.Status;
import dev.sluice.nvme.Sqe;
import dev.sluice.target.AdminFixture.FakeBdev;
import dev.sluice.target.AdminFixture.Outcome;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AdminCommandsFeaturesTest {
  private static final int ARBITRATION = 0x01;
  private static final int POWER_MANAGEMENT = 0x02;
  private static final int TEMPERATURE_THRESHOLD = 0x04;
  private static final int ERROR_RECOVERY = 0x05;
  private static final int VOLATILE_WC = 0x06;
  private static final int NUM_QUEUES = 0x07;
  private static final int IRQ_COALESCING = 0x08;
  private static final int WRITE_ATOMICITY = 0x0A;
  private static final int ASYNC_EVENT = 0x0B;
  private static final int TIMESTAMP = 0x0E;
  private static final int KATO = 0x0F;
  private static final int HOST_ID_FID = 0x81;

  private static final int CURRENT = 0;
  private static final int DEFAULT = 1;
  private static final int SAVED = 2;
  private static final int CAPABILITIES = 3;

  private static AdminResult get(ControllerState state, int fid, int sel) {
    Outcome o = run(state, getFeatures(fid, sel, 0), 0);
    return o.result();
  }

  private static AdminResult set(ControllerState state, int fid, int value) {
    return run(state, setFeatures(fid, value), 0).result();
  }

  private static void assertSuccess(AdminResult r) {
    assertEquals(Status.SUCCESS, r.status(), () -> Status.describe(r.status()));
  }

  @Test
  void numberOfQueuesIsClampedToTheConfiguredMaximum() {
    ControllerState state = ioState();
    AdminResult r = set(state, NUM_QUEUES, 63 | 63 << 16);
    assertSuccess(r);
    assertEquals(7 | 7 << 16, r.result(), "8 queues granted, zero-based in both halves");
    assertEquals(8, state.grantedIoQueues);
  }

  @Test
  void numberOfQueuesBelowTheMaximumIsGrantedAsRequested() {
    ControllerState state = ioState();
    AdminResult r = set(state, NUM_QUEUES, 1 | 3 << 16);
    assertSuccess(r);
    assertEquals(3 | 3 << 16, r.result(), "the larger of NSQR and NCQR: fabrics queues are pairs");
    assertEquals(4, state.grantedIoQueues);
    assertEquals(3 | 3 << 16, get(state, NUM_QUEUES, CURRENT).result());
    assertEquals(7 | 7 << 16, get(state, NUM_QUEUES, DEFAULT).result());
  }

  @ParameterizedTest
  @ValueSource(ints = {0xFFFF, 0xFFFF << 16, 0xFFFF_FFFF})
  void numberOfQueuesOf65536IsInvalid(int value) {
    ControllerState state = ioState();
    assertEquals(Status.withDnr(Status.INVALID_FIELD), set(state, NUM_QUEUES, value).status());
    assertEquals(8, state.grantedIoQueues, "grant unchanged");
  }

  @Test
  void asyncEventConfigKeepsOnlyNoticesTheControllerSends() {
    ControllerState io = ioState();
    assertSuccess(set(io, ASYNC_EVENT, 0xFFFF_FFFF));
    assertEquals(1 << 8 | 1 << 11, io.asyncEventConfig, "namespace attribute and ANA change notices");
    assertEquals(1 << 8 | 1 << 11, get(io, ASYNC_EVENT, CURRENT).result());

    ControllerState discovery = discoveryState(DiscoveryView.EMPTY, null);
    assertSuccess(set(discovery, ASYNC_EVENT, 0xFFFF_FFFF));
    assertEquals(1 << 31, discovery.asyncEventConfig, "discovery log change notices only");
  }

  @ParameterizedTest
  @CsvSource({"1500, 2000", "1000, 1000", "1, 1000", "0, 0"})
  void keepAliveTimeoutIsRoundedUpToTheGranularity(int kato, int stored) {
    ControllerState state = ioState();
    assertSuccess(set(state, KATO, kato));
    assertEquals(stored, state.keepAliveMs);
    assertEquals(stored, get(state, KATO, CURRENT).result());
  }

  @Test
  void keepAliveTimeoutUsesTheAdvertisedGranularity() {
    ControllerState state = ioState(limits(250)); // KAS 3: 300 ms
    assertSuccess(set(state, KATO, 1000));
    assertEquals(1200, state.keepAliveMs);
  }

  @Test
  void hugeKeepAliveTimeoutStaysRepresentable() {
    ControllerState state = ioState();
    assertSuccess(set(state, KATO, 0xFFFF_FFFF));
    assertTrue(state.keepAliveMs > 0);
    assertEquals(0, state.keepAliveMs % 1000);
  }

  @ParameterizedTest
  @ValueSource(ints = {ARBITRATION, POWER_MANAGEMENT, TEMPERATURE_THRESHOLD, ERROR_RECOVERY, NUM_QUEUES,
      IRQ_COALESCING, WRITE_ATOMICITY, ASYNC_EVENT, TIMESTAMP, KATO})
  void capabilitiesReportChangeableNotSaveable(int fid) {
    AdminResult r = get(ioState(), fid, CAPABILITIES);
    assertSuccess(r);
    assertEquals(0b100, r.result());
  }

  @Test
  void hostIdentifierIsNotChangeable() {
    assertEquals(0, get(ioState(), HOST_ID_FID, CAPABILITIES).result());
  }

  @Test
  void defaultAndSavedValuesIgnoreSetFeatures() {
    ControllerState state = ioState();
    assertSuccess(set(state, TEMPERATURE_THRESHOLD, 360));
    assertEquals(360, get(state, TEMPERATURE_THRESHOLD, CURRENT).result());
    assertEquals(0x157, get(state, TEMPERATURE_THRESHOLD, DEFAULT).result());
    assertEquals(0x157, get(state, TEMPERATURE_THRESHOLD, SAVED).result());
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 5, 7})
  void reservedSelectIsInvalidField(int sel) {
    assertEquals(Status.withDnr(Status.INVALID_FIELD), get(ioState(), KATO, sel).status());
  }

  @Test
  void saveIsRejected() {
    ControllerState state = ioState();
    Sqe sqe = setFeatures(KATO, 5000).setCdw10(KATO | 1 << 31);
    assertEquals(Status.withDnr(Status.FEATURE_NOT_SAVEABLE), run(state, sqe, 0).status());
    assertEquals(120_000, state.keepAliveMs, "unchanged");
  }

  @ParameterizedTest
  @ValueSource(ints = {0x00, 0x03, 0x09, 0x0C, 0x0D, 0x10, 0x16, 0x80, 0x84, 0xFF})
  void unsupportedFeatureIsInvalidField(int fid) {
    ControllerState state = ioState();
    assertEquals(Status.withDnr(Status.INVALID_FIELD), get(state, fid, CURRENT).status());
    assertEquals(Status.withDnr(Status.INVALID_FIELD), set(state, fid, 0).status());
  }

  @ParameterizedTest
  @ValueSource(ints = {ARBITRATION, TEMPERATURE_THRESHOLD, NUM_QUEUES, TIMESTAMP, HOST_ID_FID})
  void discoveryControllerSupportsOnlyKeepAliveAndAsyncEvents(int fid) {
    ControllerState state = discoveryState(DiscoveryView.EMPTY, null);
    assertEquals(Status.withDnr(Status.INVALID_FIELD), get(state, fid, CURRENT).status());
    assertEquals(Status.withDnr(Status.INVALID_FIELD), set(state, fid, 0).status());
    assertSuccess(set(state, KATO, 30_000));
    assertEquals(30_000, get(state, KATO, CURRENT).result());
  }

  @Test
  void hostIdentifierIsReturnedAsData() {
    Outcome o = run(ioState(), getFeatures(HOST_ID_FID, CURRENT, 1), 16);
    assertEquals(Status.SUCCESS, o.status());
    assertArrayEquals(HOST_ID, o.data());
  }

  @Test
  void hostIdentifierNeedsTheExtendedFormat() {
    assertEquals(Status.withDnr(Status.INVALID_FIELD), run(ioState(), getFeatures(HOST_ID_FID, CURRENT, 0), 16)
        .status());
  }

  @Test
  void hostIdentifierCannotBeSet() {
    assertEquals(Status.withDnr(Status.COMMAND_SEQUENCE_ERROR), set(ioState(), HOST_ID_FID, 1).status());
  }

  @Test
  void timestampIsCountedOnFromTheValueSet() {
    ControllerState state = ioState();
    long set = 1_700_000_000_000L;
    ByteBuf data = Unpooled.buffer(8).writeLongLE(set);
    assertSuccess(run(state, setFeatures(TIMESTAMP, 0), data, 0, new AsyncEvents()).result());
    data.release();
    ByteBuf got = run(state, getFeatures(TIMESTAMP, CURRENT, 0), 8).buf();
    long timestamp = got.getLongLE(0) & ((1L << 48) - 1);
    assertTrue(timestamp >= set, "never runs backwards");
    assertEquals(0b001, (got.getUnsignedByte(6) >>> 1) & 0x7, "origin: set by the host");
  }

  @Test
  void timestampNeverSetHasOriginZero() {
    ByteBuf got = run(ioState(), getFeatures(TIMESTAMP, CURRENT, 0), 8).buf();
    assertEquals(0, (got.getUnsignedByte(6) >>> 1) & 0x7);
  }

  @Test
  void setTimestampWithoutDataIsADataLengthError() {
    assertEquals(Status.withDnr(Status.DATA_SGL_LENGTH_INVALID), set(ioState(), TIMESTAMP, 0).status());
  }

  @Test
  void volatileWriteCacheExistsOnlyWithACachingBdev() {
    ControllerState none = ioState(namespace(1, 8, 512));
    assertEquals(Status.withDnr(Status.INVALID_FIELD), set(none, VOLATILE_WC, 1).status());
    assertEquals(Status.withDnr(Status.INVALID_FIELD), get(none, VOLATILE_WC, CURRENT).status());

    ControllerState cached = ioState(namespace(1, new FakeBdev("c", 512, 8, UUID.randomUUID(), true, false)));
    assertSuccess(set(cached, VOLATILE_WC, 1));
    assertTrue(cached.volatileWriteCacheEnabled);
    assertEquals(1, get(cached, VOLATILE_WC, CURRENT).result());
    assertSuccess(set(cached, VOLATILE_WC, 0));
    assertFalse(cached.volatileWriteCacheEnabled);
    assertEquals(0, get(cached, VOLATILE_WC, CURRENT).result());
  }

  @Test
  void onlyPowerStateZeroExists() {
    ControllerState state = ioState();
    assertEquals(Status.withDnr(Status.INVALID_FIELD), set(state, POWER_MANAGEMENT, 1).status());
    assertSuccess(set(state, POWER_MANAGEMENT, 2 << 5)); // PS 0 with workload hint 2
    assertEquals(2 << 5, get(state, POWER_MANAGEMENT, CURRENT).result());
  }

  @ParameterizedTest
  @ValueSource(ints = {1 << 16, 1 << 20})
  void temperatureThresholdOfOtherSensorsOrUnderTemperatureIsInvalid(int selector) {
    ControllerState state = ioState();
    assertEquals(Status.withDnr(Status.INVALID_FIELD), set(state, TEMPERATURE_THRESHOLD, selector | 300).status());
    assertEquals(Status.withDnr(Status.INVALID_FIELD),
        run(state, getFeatures(TEMPERATURE_THRESHOLD, CURRENT, selector), 0).status());
  }

  @Test
  void deallocatedBlockErrorsCannotBeEnabled() {
    ControllerState state = ioState();
    assertEquals(Status.withDnr(Status.INVALID_FIELD), set(state, ERROR_RECOVERY, 1 << 16).status());
    assertSuccess(set(state, ERROR_RECOVERY, 30));
    assertEquals(30, get(state, ERROR_RECOVERY, CURRENT).result());
  }

  @ParameterizedTest
  @CsvSource({"1, 0x03020103", "8, 0x0000FF10", "10, 0x00000001"})
  void simpleFeaturesReadBackWhatWasSet(int fid, String value) {
    ControllerState state = ioState();
    int v = Integer.decode(value);
    assertSuccess(set(state, fid, v));
    assertEquals(Integer.toUnsignedLong(v), get(state, fid, CURRENT).result());
    assertEquals(0, get(state, fid, DEFAULT).result());
  }
}
