package dev.sluice.server.rpc.methods;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The running Sluice version (from the build), split the way {@code spdk_get_version} reports SPDK's: major,
 * minor, patch and a suffix such as "-SNAPSHOT".
 */
record SluiceVersion(String text, int major, int minor, int patch, String suffix) {
  private static final Pattern SEMVER = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?(.*)");
  private static final String RESOURCE = "/dev/sluice/server/version.properties";

  static SluiceVersion current() {
    try (InputStream in = SluiceVersion.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the build");
      }
      Properties p = new Properties();
      p.load(in);
      return parse(p.getProperty("version", ""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static SluiceVersion parse(String text) {
    Matcher m = SEMVER.matcher(text);
    if (!m.matches()) {
      return new SluiceVersion(text, 0, 0, 0, text);
    }
    int patch = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
    return new SluiceVersion(text, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), patch, m.group(4));
  }
}
