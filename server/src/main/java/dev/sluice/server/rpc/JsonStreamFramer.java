package dev.sluice.server.rpc;

import java.util.Arrays;
import java.util.Optional;

/**
 * Cuts a byte stream into top-level JSON values the way SPDK's server reads its socket: values follow each
 * other with or without whitespace between them, one may arrive in pieces and several in one read. Only the
 * bracket structure is tracked here (strings and escapes included, so a '}' inside a string does not count);
 * the value itself is parsed afterwards. Works on bytes: JSON's structural characters are ASCII, which never
 * occur inside a UTF-8 multi-byte sequence.
 */
final class JsonStreamFramer {

  /** The stream cannot be cut into JSON values (nothing after this point can be trusted). */
  static final class FramingException extends Exception {
    FramingException(String message) {
      super(message, null, false, false);
    }
  }

  private final int maxValueBytes;
  private byte[] buf = new byte[4096];
  /** Bytes [start, end) are buffered; [start, scan) are already scanned as part of the current value. */
  private int start;
  private int scan;
  private int end;
  private int depth;
  private boolean inString;
  private boolean escaped;

  JsonStreamFramer(int maxValueBytes) {
    this.maxValueBytes = maxValueBytes;
  }

  void append(byte[] data, int offset, int length) {
    if (end + length > buf.length) {
      compact();
      if (end + length > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, end + length));
      }
    }
    System.arraycopy(data, offset, buf, end, length);
    end += length;
  }

  /** Whether bytes of an unfinished value are buffered (a stream ending here was cut off mid-request). */
  boolean hasPartialValue() {
    return depth > 0;
  }

  /**
   * The next complete value, or empty when more bytes are needed.
   *
   * @throws FramingException if the stream does not hold a JSON object or array here, or the value exceeds
   *     the size limit before it ends
   */
  Optional<byte[]> next() throws FramingException {
    if (depth == 0) {
      while (start < end && isWhitespace(buf[start])) {
        start++;
      }
      scan = start;
      if (start == end) {
        return Optional.empty();
      }
      if (buf[start] != '{' && buf[start] != '[') {
        throw new FramingException("a request must be a JSON object");
      }
    }
    while (scan < end) {
      byte b = buf[scan++];
      if (inString) {
        if (escaped) {
          escaped = false;
        } else if (b == '\\') {
          escaped = true;
        } else if (b == '"') {
          inString = false;
        }
      } else if (b == '"') {
        inString = true;
      } else if (b == '{' || b == '[') {
        depth++;
      } else if (b == '}' || b == ']') {
        if (--depth == 0) {
          checkSize();
          byte[] value = Arrays.copyOfRange(buf, start, scan);
          start = scan;
          return Optional.of(value);
        }
      }
    }
    checkSize();
    return Optional.empty();
  }

  private void checkSize() throws FramingException {
    if (scan - start > maxValueBytes) {
      throw new FramingException("request larger than " + maxValueBytes + " bytes");
    }
  }

  private void compact() {
    int keep = end - start;
    System.arraycopy(buf, start, buf, 0, keep);
    scan -= start;
    end = keep;
    start = 0;
  }

  private static boolean isWhitespace(byte b) {
    return b == ' ' || b == '\t' || b == '\n' || b == '\r';
  }
}
