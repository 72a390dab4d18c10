package dev.sluice.server.rpc;

import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * The socket's path in the file system. A socket file outlives a process that was killed, so at start-up a
 * file that nobody accepts connections on is stale and removed; one with a live listener means another server
 * (a Sluice or an SPDK target) owns the path, and we refuse rather than steal it.
 */
final class SocketFile {
  /** st_mode file type bits: S_IFMT and S_IFSOCK. */
  private static final int S_IFMT = 0170000;
  private static final int S_IFSOCK = 0140000;

  private SocketFile() {}

  /** Leaves {@code path} free to bind: nothing was there, or a stale socket was removed. */
  static void prepare(Path path) throws RpcServerException {
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (!isSocket(path)) {
      throw new RpcServerException("RPC socket path " + path + " exists and is not a socket; remove it or set"
          + " sluice.rpc.socket to another path");
    }
    try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      probe.connect(UnixDomainSocketAddress.of(path));
      throw new RpcServerException("another process is serving RPC socket " + path
          + " (a running Sluice or SPDK target?); stop it or set sluice.rpc.socket to another path");
    } catch (ConnectException refused) {
      delete(path);
    } catch (IOException e) {
      throw new RpcServerException("cannot check RPC socket " + path + ": " + e.getMessage(), e);
    }
  }

  /** Identifies the file we bound, so shutdown removes our socket and not one a successor created. */
  static Object fileKey(Path path) throws IOException {
    return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
  }

  /** Deletes {@code path} if it is still the file identified by {@code key}; best effort at shutdown. */
  static void deleteIfSame(Path path, Object key) {
    try {
      if (key != null && Objects.equals(fileKey(path), key)) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      // Gone already or not ours to delete: nothing to clean up.
    }
  }

  private static boolean isSocket(Path path) throws RpcServerException {
    try {
      Object mode = Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
      return ((Integer) mode & S_IFMT) == S_IFSOCK;
    } catch (UnsupportedOperationException e) {
      return isOther(path);
    } catch (IOException e) {
      throw new RpcServerException("cannot inspect RPC socket path " + path + ": " + e.getMessage(), e);
    }
  }

  private static boolean isOther(Path path) throws RpcServerException {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther();
    } catch (IOException e) {
      throw new RpcServerException("cannot inspect RPC socket path " + path + ": " + e.getMessage(), e);
    }
  }

  private static void delete(Path path) throws RpcServerException {
    try {
      Files.deleteIfExists(path);
    } catch (NoSuchFileException gone) {
      // Removed meanwhile: the path is free, which is all we need.
    } catch (IOException e) {
      throw new RpcServerException("cannot remove stale RPC socket " + path + ": " + e.getMessage(), e);
    }
  }
}
