package dev.sluice.nvme.admin;

import io.netty.buffer.ByteBuf;

/** Encodes the 512-byte SMART / Health Information log (log 0x02), Linux {@code struct nvme_smart_log}. */
public final class SmartLog {
    public static final int SIZE = 512;

    private SmartLog() {
    }

    /** Writes {@link #SIZE} bytes at {@code out.writerIndex()} and advances it. */
    public static void write(SmartHealth h, ByteBuf out) {
        int b = Fields.zeroed(out, SIZE);
        out.setByte(b, h.criticalWarning());
        out.setShortLE(b + 1, h.temperatureKelvin());
        out.setByte(b + 3, h.availableSparePercent());
        out.setByte(b + 4, h.availableSpareThresholdPercent());
        out.setByte(b + 5, h.percentageUsed());
        out.setByte(b + 6, h.enduranceGroupWarning());
        Fields.setU128(out, b + 32, h.dataUnitsRead());
        Fields.setU128(out, b + 48, h.dataUnitsWritten());
        Fields.setU128(out, b + 64, h.hostReadCommands());
        Fields.setU128(out, b + 80, h.hostWriteCommands());
        Fields.setU128(out, b + 96, h.controllerBusyMinutes());
        Fields.setU128(out, b + 112, h.powerCycles());
        Fields.setU128(out, b + 128, h.powerOnHours());
        Fields.setU128(out, b + 144, h.unsafeShutdowns());
        Fields.setU128(out, b + 160, h.mediaErrors());
        Fields.setU128(out, b + 176, h.errorLogEntries());
        out.setIntLE(b + 192, h.warningTemperatureMinutes());
        out.setIntLE(b + 196, h.criticalTemperatureMinutes());
    }
}
