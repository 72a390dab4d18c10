package dev.sluice.server.rpc.methods;

import dev.sluice.server.rpc.RpcException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.japi.function.Function;

/**
 * Asks actors from an RPC connection's (virtual) thread and waits a bounded time; no answer in time becomes an
 * internal error for that request only.
 */
final class ActorGateway {
  private final Scheduler scheduler;
  private final Duration timeout;

  ActorGateway(Scheduler scheduler, Duration timeout) {
    this.scheduler = scheduler;
    this.timeout = timeout;
  }

  <Req, Res> Res ask(RecipientRef<Req> target, Function<ActorRef<Res>, Req> request, String what)
      throws RpcException {
    try {
      return AskPattern.<Req, Res>ask(target, request, timeout, scheduler).toCompletableFuture()
          .get(timeout.toMillis() * 2, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw RpcException.internal("Internal error: no answer from " + what + " within " + timeout.toSeconds()
          + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw RpcException.internal("Internal error: interrupted while waiting for " + what);
    }
  }
}
