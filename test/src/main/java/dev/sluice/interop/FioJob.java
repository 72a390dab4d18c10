package dev.sluice.interop;

import java.util.ArrayList;
import java.util.List;

/**
 * A fio job on a guest block device that writes and then reads back everything with crc32c verification
 * ({@code --verify_fatal}: the first mismatch fails the run with a non-zero exit code).
 *
 * @param rw         fio pattern: write, randwrite, ...
 * @param fsyncEvery issue an fsync (NVMe Flush) after this many writes; 0 = never
 */
public record FioJob(String device, String rw, String blockSize, int ioDepth, int sizeMiB, int fsyncEvery) {

    public FioJob {
        if (ioDepth < 1 || sizeMiB < 1 || fsyncEvery < 0) {
            throw new IllegalArgumentException("bad fio job: depth " + ioDepth + ", size " + sizeMiB + " MiB");
        }
        if (!rw.matches("[a-z]+") || !blockSize.matches("[0-9]+[kKmM]?")) {
            throw new IllegalArgumentException("bad fio pattern or block size: " + rw + " " + blockSize);
        }
    }

    public static FioJob verified(String device, String rw, String blockSize, int ioDepth, int sizeMiB) {
        return new FioJob(device, rw, blockSize, ioDepth, sizeMiB, 0);
    }

    public FioJob withFsyncEvery(int writes) {
        return new FioJob(device, rw, blockSize, ioDepth, sizeMiB, writes);
    }

    public String command() {
        List<String> words = new ArrayList<>(List.of("fio", "--name=sluice-verify", "--filename=" + Shell.quote(device),
                "--ioengine=libaio", "--direct=1", "--rw=" + rw, "--bs=" + blockSize, "--iodepth=" + ioDepth,
                "--size=" + sizeMiB + "m", "--verify=crc32c", "--do_verify=1", "--verify_fatal=1"));
        if (fsyncEvery > 0) {
            words.add("--fsync=" + fsyncEvery);
        }
        return String.join(" ", words);
    }

    /**
     * Shell that starts the job detached (it outlives the command that starts it), writing its output to
     * {@code /tmp/<tag>.log} and its exit code to {@code /tmp/<tag>.rc} when done.
     */
    public String startInBackground(String tag) {
        requireTag(tag);
        return "rm -f /tmp/" + tag + ".rc; setsid sh -c " + Shell.quote(command() + " > /tmp/" + tag + ".log 2>&1; echo $? > /tmp/"
                + tag + ".rc") + " > /dev/null 2>&1 < /dev/null &";
    }

    /** Shell that waits (bounded) for a background job, prints its output and exits with its exit code. */
    public static String awaitBackground(String tag, int maxSeconds) {
        requireTag(tag);
        return "i=0; while [ ! -s /tmp/" + tag + ".rc ] && [ $i -lt " + maxSeconds + " ]; do sleep 1; i=$((i+1)); done; "
                + "cat /tmp/" + tag + ".log; [ -s /tmp/" + tag + ".rc ] || { echo 'fio still running after " + maxSeconds
                + "s'; exit 124; }; exit $(cat /tmp/" + tag + ".rc)";
    }

    private static void requireTag(String tag) {
        if (!tag.matches("[a-z0-9-]+")) {
            throw new IllegalArgumentException("tag must be [a-z0-9-]+: " + tag);
        }
    }
}
