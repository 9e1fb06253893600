package dev.compliantami.notify;

/** How urgently a person should read a notification; a message attribute for SNS filter policies. */
public enum Severity {
  INFO,
  WARNING,
  CRITICAL
}
