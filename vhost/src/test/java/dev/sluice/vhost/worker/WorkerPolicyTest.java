package dev.sluice.vhost.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class WorkerPolicyTest {

    @Test
    void leastLoadedPicksTheEmptiestWorkerLowestIndexFirst() {
        WorkerPolicy p = new WorkerPolicy.LeastLoaded();
        assertEquals(0, p.choose(new int[] {0, 0, 0}));
        assertEquals(2, p.choose(new int[] {3, 1, 0}));
        assertEquals(1, p.choose(new int[] {2, 1, 1}));
    }

    @Test
    void roundRobinIgnoresLoad() {
        WorkerPolicy p = new WorkerPolicy.RoundRobin();
        int[] loads = {9, 0, 0};
        assertEquals(0, p.choose(loads));
        assertEquals(1, p.choose(loads));
        assertEquals(2, p.choose(loads));
        assertEquals(0, p.choose(loads));
    }

    @Test
    void namesFromTheConfiguration() {
        assertInstanceOf(WorkerPolicy.LeastLoaded.class, WorkerPolicy.named("per-vq-least-loaded"));
        assertInstanceOf(WorkerPolicy.RoundRobin.class, WorkerPolicy.named("round-robin"));
        assertInstanceOf(WorkerPolicy.ThreadPerDevice.class, WorkerPolicy.named("thread-per-device"));
        assertThrows(IllegalArgumentException.class, () -> WorkerPolicy.named("random"));
    }
}
