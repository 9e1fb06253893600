package dev.compliantami.aws;

import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.Topic;

/** Child-process main for {@link AwsClientsEndpointTest}: lists SNS topics through {@link AwsClients}. */
public final class EndpointProbe {
  public static void main(String[] args) {
    try (AwsClients clients = new AwsClients(System.getenv("AWS_REGION"))) {
      clients.get(SnsClient.class, SnsClient::builder).listTopics().topics().stream()
          .map(Topic::topicArn)
          .forEach(System.out::println);
    }
  }
}
