package dev.sluice.interop;

import java.util.List;

/**
 * An NVMe/TCP target as the guest reaches it, and what its first namespace must look like.
 *
 * @param address        address the guest connects to (10.0.2.2 = the test's network namespace)
 * @param ioPort         NVMe/TCP listener the tests connect to (also answers discovery)
 * @param discoveryPort  dedicated discovery listener
 * @param subsystemPorts every port at which the subsystem accepts connections: what discovery may point to
 */
record TargetUnderTest(String address, int ioPort, int discoveryPort, List<Integer> subsystemPorts,
                       String subsystemNqn, String model, String serial, long namespaceBytes, int blockSize) {
    TargetUnderTest {
        subsystemPorts = List.copyOf(subsystemPorts);
    }
}
