package dev.compliantami.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository root, as seen from wherever a test or benchmark runs: the nearest directory above holding {@code mvnw}. */
public final class ProjectRoot {
  private ProjectRoot() {}

  public static Path path() {
    Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("mvnw"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no directory above " + start + " holds mvnw");
  }
}
