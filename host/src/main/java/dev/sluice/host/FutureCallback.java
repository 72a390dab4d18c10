package dev.sluice.host;

import dev.sluice.nvme.Status;
import java.util.concurrent.CompletableFuture;

/** Adapts the callback API to the future API: completes with the CQE result or a {@link CommandFailedException}. */
public final class FutureCallback extends CompletableFuture<Long> implements CommandCallback {
  private final String command;

  public FutureCallback(String command) {
    this.command = command;
  }

  @Override
  public void onComplete(int status, long result) {
    if (status == Status.SUCCESS) {
      complete(result);
    } else {
      completeExceptionally(new CommandFailedException(command, status));
    }
  }
}
