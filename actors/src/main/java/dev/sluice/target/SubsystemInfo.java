package dev.sluice.target;

/** The identity and limits every controller of a subsystem reports. */
public record SubsystemInfo(
    String nqn,
    String serial,
    String model,
    String firmware,
    boolean discovery,
    int maxNamespaces,
    ControllerLimits limits) {}
