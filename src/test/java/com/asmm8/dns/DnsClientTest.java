package com.asmm8.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.asmm8.support.TestResponder;
import io.netty.handler.codec.dns.DnsRecordType;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class DnsClientTest {

    /**
     * The configured time-out is 2 minutes and every first question is lost: without the early
     * retry each name would wait those 2 minutes (the class's 60 s bound fails the test); with it
     * the second question goes out after the learnt wait and is answered.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aLostQuestionIsAskedAgainAfterTheLearntWaitNotTheFullTimeOut() throws Exception {
        try (TestResponder dns = new TestResponder()) {
            dns.dropFirstAsk();
            for (int i = 0; i < 20; i++) {
                dns.name("h" + i + ".example.test", TestResponder.Rec.a("192.0.2." + (i + 1)));
            }
            InetSocketAddress server = new InetSocketAddress("127.0.0.1", Integer.parseInt(dns.resolver().split(":")[1]));
            try (DnsClient client = new DnsClient(List.of(server), new DnsClient.Settings(120_000, 3, 10, 50, 0))) {
                // teach the estimate this resolver's round trip first (a name asked twice: answered the second time)
                client.query("warm.example.test", DnsRecordType.A).get();
                List<CompletableFuture<DnsAnswer>> answers = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    answers.add(client.query("h" + i + ".example.test", DnsRecordType.A));
                }
                for (int i = 0; i < 20; i++) {
                    DnsAnswer a = answers.get(i).get();
                    assertTrue(a.exists(), "h" + i + ": " + a);
                }
                assertEquals(21, client.retries.sum(), "one more question per name");
                assertEquals(0, client.unresolved.sum());
            }
            assertEquals(21, dns.dropped.get());
        }
    }
}
