package dev.compliantami.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretScanTest {
  @Test
  void findsKeysTokensAndSignaturesButNotOrdinaryIds(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("a.log"), String.join("\n",
        "{\"message\":\"assumed\",\"key\":\"ASIAQWERTYUIOPASDFGH\"}",
        "{\"detail\":\"i-0123456789abcdef0 ami-0123456789abcdef0 arn:aws:iam::111111111111:role/compliant-ami-member\"}",
        "SecretAccessKey: \"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\"",
        "header Authorization: AWS4-HMAC-SHA256 Credential=ASIA.../20261203/us-east-1/ec2/aws4_request"));
    Files.writeString(dir.resolve("ignored.bin"), "AKIAQWERTYUIOPASDFGH");
    assertThat(SecretScan.scan(dir)).extracting(SecretScan.Finding::line).containsExactly(1, 3, 4);
  }
}
