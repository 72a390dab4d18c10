package dev.sluice.interop;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The host end of the guest's command server: QEMU exposes the guest's virtio-serial port as a Unix socket, this
 * class connects to it, sends framed commands and waits (bounded) for their framed replies.
 */
final class GuestChannel implements AutoCloseable {
    /** Slack on top of a command's own limit for the guest to kill it, encode and send the reply. */
    private static final Duration REPLY_MARGIN = Duration.ofSeconds(20);
    private static final String END_OF_STREAM = "\u0000eof";

    private final SocketChannel socket;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Thread reader;
    private long nextId = 1;

    private GuestChannel(SocketChannel socket) {
        this.socket = socket;
        this.reader = Thread.ofVirtual().name("guest-channel-reader").start(this::readLines);
    }

    /** Connects once QEMU has created the socket; gives up when {@code alive} turns false or after {@code timeout}. */
    static GuestChannel connect(Path path, Duration timeout, BooleanSupplier alive) {
        long deadline = System.nanoTime() + timeout.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline && alive.getAsBoolean()) {
            try {
                SocketChannel socket = SocketChannel.open(StandardProtocolFamily.UNIX);
                try {
                    socket.connect(UnixDomainSocketAddress.of(path));
                    return new GuestChannel(socket);
                } catch (IOException e) {
                    socket.close();
                    throw e;
                }
            } catch (IOException e) {
                last = e;
                sleep(Duration.ofMillis(100));
            }
        }
        throw new InteropException("cannot connect to the guest command socket " + path
                + (last == null ? "" : ": " + last.getMessage()));
    }

    /** Runs {@code command} with {@code sh -c} in the guest; the guest kills it after {@code timeout}. */
    synchronized CommandResult execute(String command, Duration timeout) {
        long id = nextId++;
        write(GuestFraming.request(id, timeout, command));
        GuestFraming.ReplyParser parser = new GuestFraming.ReplyParser(id);
        long deadline = System.nanoTime() + timeout.plus(REPLY_MARGIN).toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left <= 0 ? null : poll(left);
            if (line == null) {
                throw new InteropException("no reply from the guest within " + timeout.plus(REPLY_MARGIN)
                        + " to: " + command);
            }
            if (line == END_OF_STREAM) {
                lines.add(END_OF_STREAM);   // keep later calls failing fast too
                throw new InteropException("guest command channel closed (guest died?) while running: " + command);
            }
            Optional<CommandResult> result = parser.accept(line);
            if (result.isPresent()) {
                return result.get();
            }
        }
    }

    private void write(String request) {
        ByteBuffer buffer = ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
        try {
            while (buffer.hasRemaining()) {
                socket.write(buffer);
            }
        } catch (IOException e) {
            throw new InteropException("cannot write to the guest command channel: " + e.getMessage(), e);
        }
    }

    private String poll(long nanos) {
        try {
            return lines.poll(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InteropException("interrupted while waiting for the guest", e);
        }
    }

    private void readLines() {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        StringBuilder line = new StringBuilder();
        try {
            while (socket.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    char c = (char) (buffer.get() & 0xff);   // the protocol is ASCII only
                    if (c == '\n') {
                        lines.add(line.toString());
                        line.setLength(0);
                    } else {
                        line.append(c);
                    }
                }
                buffer.clear();
            }
        } catch (IOException ignored) {
            // closed by us or by QEMU going away: both end the stream
        }
        lines.add(END_OF_STREAM);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InteropException("interrupted", e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
            reader.join(Duration.ofSeconds(5));
        } catch (IOException ignored) {
            // nothing left to release
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
