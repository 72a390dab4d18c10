package dev.sluice.nvme.admin;

/**
 * Contents of the SMART / Health Information log (log 0x02). Counters are unsigned 64-bit values
 * stored in the low half of the spec's 128-bit fields. Data units are thousands of 512-byte units,
 * rounded up (see {@link #dataUnits}); temperatures are in Kelvin. Linux reads this log at connect
 * (hwmon) and shows the composite temperature.
 */
public record SmartHealth(int criticalWarning, int temperatureKelvin, int availableSparePercent,
                          int availableSpareThresholdPercent, int percentageUsed, int enduranceGroupWarning,
                          long dataUnitsRead, long dataUnitsWritten, long hostReadCommands,
                          long hostWriteCommands, long controllerBusyMinutes, long powerCycles,
                          long powerOnHours, long unsafeShutdowns, long mediaErrors, long errorLogEntries,
                          int warningTemperatureMinutes, int criticalTemperatureMinutes) {

    public static final int CRITICAL_SPARE = 1;
    public static final int CRITICAL_TEMPERATURE = 1 << 1;
    public static final int CRITICAL_RELIABILITY = 1 << 2;
    public static final int CRITICAL_READ_ONLY = 1 << 3;
    public static final int CRITICAL_VOLATILE_BACKUP = 1 << 4;
    /** 25 degrees Celsius. */
    public static final int ROOM_TEMPERATURE_KELVIN = 298;

    public SmartHealth {
        Fields.u8(criticalWarning, "criticalWarning");
        Fields.u16(temperatureKelvin, "temperatureKelvin");
        Fields.range(availableSparePercent, 0, 100, "availableSparePercent");
        Fields.range(availableSpareThresholdPercent, 0, 100, "availableSpareThresholdPercent");
        Fields.u8(percentageUsed, "percentageUsed");
        Fields.u8(enduranceGroupWarning, "enduranceGroupWarning");
    }

    /** Healthy device at room temperature with the given I/O counters; the rest zero. */
    public static SmartHealth healthy(long dataUnitsRead, long dataUnitsWritten, long hostReadCommands,
                                      long hostWriteCommands, long powerOnHours, long errorLogEntries) {
        return new SmartHealth(0, ROOM_TEMPERATURE_KELVIN, 100, 10, 0, 0, dataUnitsRead, dataUnitsWritten,
                hostReadCommands, hostWriteCommands, 0, 1, powerOnHours, 0, 0, errorLogEntries, 0, 0);
    }

    /** Data units for a byte count: thousands of 512-byte units, rounded up (unsigned input). */
    public static long dataUnits(long bytes) {
        long sectors = Long.divideUnsigned(bytes, 512) + (Long.remainderUnsigned(bytes, 512) == 0 ? 0 : 1);
        return Long.divideUnsigned(sectors, 1000) + (Long.remainderUnsigned(sectors, 1000) == 0 ? 0 : 1);
    }
}
