package dev.compliantami.testing;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * Test-side clients of any account of an emulated organization, straight to moto (not through the stubs, so the
 * function's own calls are counted alone): the central account with moto's default keys, every other account
 * through an AssumeRole of {@code role} (moto keys the resources of an assumed role's account apart). One client
 * per account, region and service, closed with this.
 */
public final class EmulatedAccounts implements AutoCloseable {
  private final String endpoint;
  private final String central;
  private final String role;
  private final Map<String, AwsCredentialsProvider> credentials = new ConcurrentHashMap<>();
  private final Map<String, AutoCloseable> clients = new ConcurrentHashMap<>();

  public EmulatedAccounts(MotoServer moto, String centralAccount, String role) {
    this.endpoint = moto.endpoint();
    this.central = centralAccount;
    this.role = role;
  }

  public AwsCredentialsProvider credentials(String account) {
    return credentials.computeIfAbsent(account, a -> {
      StaticCredentialsProvider centralKeys = StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
      if (a.equals(central)) {
        return centralKeys;
      }
      try (StsClient sts = StsClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
          .credentialsProvider(centralKeys).build()) {
        Credentials c = sts.assumeRole(r -> r.roleArn("arn:aws:iam::" + a + ":role/" + role).roleSessionName("seed")).credentials();
        return StaticCredentialsProvider.create(AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken()));
      }
    });
  }

  public Ec2Client ec2(String account, String region) {
    return (Ec2Client) clients.computeIfAbsent("ec2/" + account + "/" + region, k -> Ec2Client.builder()
        .endpointOverride(URI.create(endpoint)).region(Region.of(region)).credentialsProvider(credentials(account)).build());
  }

  public SsmClient ssm(String account, String region) {
    return (SsmClient) clients.computeIfAbsent("ssm/" + account + "/" + region, k -> SsmClient.builder()
        .endpointOverride(URI.create(endpoint)).region(Region.of(region)).credentialsProvider(credentials(account)).build());
  }

  public AutoScalingClient autoScaling(String account, String region) {
    return (AutoScalingClient) clients.computeIfAbsent("autoscaling/" + account + "/" + region, k -> AutoScalingClient.builder()
        .endpointOverride(URI.create(endpoint)).region(Region.of(region)).credentialsProvider(credentials(account)).build());
  }

  @Override
  public void close() {
    clients.values().forEach(c -> {
      try {
        c.close();
      } catch (Exception ignored) {
        // closing a test client: nothing to do about it
      }
    });
  }
}
