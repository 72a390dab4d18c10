package dev.sluice.vhost.protocol;

import dev.sluice.vhost.worker.QueueSpec;
import dev.sluice.vhost.worker.VhostWorker;

/** What the front end told us about one virtqueue, and where it runs once started. Control thread only. */
final class VringState {

    int num;
    boolean addressed;
    long descAddr;
    long usedAddr;
    long availAddr;
    int base;
    boolean kickReceived;
    int kickFd = -1;
    int callFd = -1;
    boolean enabled;
    QueueSpec running;
    VhostWorker worker;
}
