package dev.compliantami.policy;

import java.time.Duration;
import java.time.Instant;

/**
 * How old an instance is, counted from its first launch (the one definition the reaper, the auditor and the
 * report share). {@code LaunchTime} resets at every stop/start (aws-reference §6.1), so the age counts from the
 * attach time of the primary network interface (device index 0), else of the root volume, else LaunchTime;
 * {@link #basis()} records which.
 *
 * @param since when the instance was first launched, by {@link #basis()}
 * @param days whole days since then (floor)
 */
public record InstanceAge(Instant since, Basis basis, long days) {

  public enum Basis {
    PRIMARY_ENI_ATTACH_TIME,
    ROOT_VOLUME_ATTACH_TIME,
    LAUNCH_TIME;

    public String code() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  /**
   * @param launchTime {@code Instance.LaunchTime} (required)
   * @param primaryEniAttachTime attach time of the interface at device index 0, or null (e.g. EC2-Classic-era data)
   * @param rootVolumeAttachTime attach time of the EBS root device, or null (instance-store root)
   */
  public static InstanceAge of(Instant launchTime, Instant primaryEniAttachTime, Instant rootVolumeAttachTime, Instant now) {
    if (launchTime == null) {
      throw new IllegalArgumentException("launchTime is required");
    }
    Instant since;
    Basis basis;
    if (primaryEniAttachTime != null) {
      since = primaryEniAttachTime;
      basis = Basis.PRIMARY_ENI_ATTACH_TIME;
    } else if (rootVolumeAttachTime != null) {
      since = rootVolumeAttachTime;
      basis = Basis.ROOT_VOLUME_ATTACH_TIME;
    } else {
      since = launchTime;
      basis = Basis.LAUNCH_TIME;
    }
    // An attach time after LaunchTime cannot be a first launch (e.g. the root volume was swapped): the
    // earlier LaunchTime is the better lower bound for the first launch.
    if (since.isAfter(launchTime)) {
      since = launchTime;
      basis = Basis.LAUNCH_TIME;
    }
    long days = Math.max(0, Duration.between(since, now).toDays());
    return new InstanceAge(since, basis, days);
  }

  /** Strictly older than {@code maxAgeDays} whole days. */
  public boolean isOver(int maxAgeDays) {
    return days > maxAgeDays;
  }

  /** When the instance passes the maximum age (the first instant at which {@link #isOver} holds). */
  public Instant passesMaxAgeAt(int maxAgeDays) {
    return since.plus(Duration.ofDays(maxAgeDays + 1L));
  }

  /** Whole days left before the instance is over age; 0 when it already is. */
  public long daysUntilOver(int maxAgeDays) {
    return Math.max(0, maxAgeDays + 1L - days);
  }

  /** Not yet over age, but will be within {@code warnDays} days of {@code now}. */
  public boolean isNearing(int maxAgeDays, int warnDays, Instant now) {
    return !isOver(maxAgeDays) && !passesMaxAgeAt(maxAgeDays).isAfter(now.plus(Duration.ofDays(warnDays)));
  }
}
