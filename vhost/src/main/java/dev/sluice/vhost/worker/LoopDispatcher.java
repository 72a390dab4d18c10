package dev.sluice.vhost.worker;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.sluice.loops.BorrowedLoopExecutor;
import io.netty.channel.EventLoop;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.dispatch.Dispatcher;
import org.apache.pekko.dispatch.DispatcherPrerequisites;
import org.apache.pekko.dispatch.Dispatchers;
import org.apache.pekko.dispatch.MessageDispatcher;
import org.apache.pekko.dispatch.MessageDispatcherConfigurator;
import scala.concurrent.duration.Duration;
import scala.concurrent.duration.FiniteDuration;

/**
 * Registers, at run time, a Pekko dispatcher whose mailboxes run on one worker's event loop (the NVMe poll
 * groups do the same through configuration at start-up; vhost workers come and go with devices, so they are
 * registered programmatically). Pekko cannot unregister a dispatcher: after the worker closes, only this small
 * configurator stays behind, and it no longer reaches the loop once the worker cleared {@code target}.
 */
final class LoopDispatcher {

    /** Messages an actor handles per turn on the loop before the loop gets back to its rings. */
    static final int THROUGHPUT = 16;

    private LoopDispatcher() {
    }

    /** Registers dispatcher {@code id} running on the loop in {@code target}; the id must be new to {@code system}. */
    static void register(ActorSystem<?> system, String id, AtomicReference<EventLoop> target) {
        Dispatchers dispatchers = Adapter.toClassic(system).dispatchers();
        Config config = ConfigFactory.empty()
                .withValue("id", ConfigValueFactory.fromAnyRef(id))
                .withValue("throughput", ConfigValueFactory.fromAnyRef(THROUGHPUT))
                .withFallback(dispatchers.defaultDispatcherConfig());
        if (!dispatchers.registerConfigurator(id, new Configurator(config, dispatchers.prerequisites(), id,
                target))) {
            throw new IllegalStateException("a dispatcher named " + id + " exists already");
        }
    }

    private static final class Configurator extends MessageDispatcherConfigurator {

        private final Dispatcher dispatcher;

        Configurator(Config config, DispatcherPrerequisites prerequisites, String id,
                     AtomicReference<EventLoop> target) {
            super(config, prerequisites);
            this.dispatcher = new Dispatcher(this, id, THROUGHPUT, Duration.Zero(),
                    (dispatcherId, threadFactory) -> () -> new BorrowedLoopExecutor(target::get,
                            "the vhost worker of this dispatcher has stopped"),
                    FiniteDuration.apply(1, TimeUnit.SECONDS));
        }

        @Override
        public MessageDispatcher dispatcher() {
            return dispatcher;
        }
    }
}
