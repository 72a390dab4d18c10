package dev.sluice.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Controller behaviour shared by all subsystems.
 *
 * @param keepAliveGranularity Identify Controller KAS, a positive multiple of 100 ms
 * @param maxKeepAlive         largest keep-alive timeout a host may request (larger requests are clamped)
 * @param aerLimit             outstanding Asynchronous Event Requests allowed (AERL + 1)
 * @param cntlidMin            lowest controller id handed out
 * @param cntlidMax            highest controller id handed out
 */
public record ControllerSettings(
        Duration keepAliveGranularity, Duration maxKeepAlive, int aerLimit, int cntlidMin, int cntlidMax) {

    public ControllerSettings {
        Objects.requireNonNull(keepAliveGranularity, "keepAliveGranularity");
        Objects.requireNonNull(maxKeepAlive, "maxKeepAlive");
    }
}
