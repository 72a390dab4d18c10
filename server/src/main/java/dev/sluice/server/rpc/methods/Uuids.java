package dev.sluice.server.rpc.methods;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** Strict UUID text (8-4-4-4-12 hex digits): {@link UUID#fromString} also accepts forms like "1-2-3-4-5". */
final class Uuids {
  private static final Pattern TEXT =
      Pattern.compile("\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}");

  private Uuids() {}

  static Optional<UUID> parse(String text) {
    return TEXT.matcher(text).matches() ? Optional.of(UUID.fromString(text)) : Optional.empty();
  }
}
