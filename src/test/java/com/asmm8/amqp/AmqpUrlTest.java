package com.asmm8.amqp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.asmm8.util.ConfigurationError;
import org.junit.jupiter.api.Test;

/** Broker URLs as the Go service (amqp091-go) and the RabbitMQ tutorials write them. */
class AmqpUrlTest {

    @Test
    void aTrailingSlashIsTheDefaultVhostAsInTheGoService() {
        AmqpUrl u = AmqpUrl.parse("amqp://guest:guest@rabbit.internal:5672/");
        assertEquals("/", u.vhost());
        assertEquals("rabbit.internal", u.host());
        assertEquals(5672, u.port());
        assertEquals("guest", u.user());
        assertEquals("guest", u.password());
    }

    @Test
    void noPathAndAnEncodedSlashAreTheDefaultVhostToo() {
        assertEquals("/", AmqpUrl.parse("amqp://guest:guest@127.0.0.1:5672").vhost());
        assertEquals("/", AmqpUrl.parse("amqp://guest:guest@127.0.0.1:5672/%2f").vhost());
        assertEquals("/", AmqpUrl.parse("amqp://guest:guest@127.0.0.1:5672/%2F").vhost());
    }

    @Test
    void aNamedVhostAndEncodedCredentialsAreDecoded() {
        AmqpUrl u = AmqpUrl.parse("amqp://svc%40corp:p%3Ass%2Fw+rd@mq:5673/team%2fa");
        assertEquals("team/a", u.vhost());
        assertEquals("svc@corp", u.user());
        assertEquals("p:ss/w+rd", u.password());
        assertEquals(5673, u.port());
    }

    @Test
    void defaultsAreGuestAndThePortOfTheScheme() {
        AmqpUrl plain = AmqpUrl.parse("amqp://mq");
        assertEquals("guest", plain.user());
        assertEquals(5672, plain.port());
        AmqpUrl tls = AmqpUrl.parse("amqps://u:p@mq/");
        assertTrue(tls.tls());
        assertEquals(5671, tls.port());
        assertFalse(plain.tls());
    }

    @Test
    void theDisplayedUrlNeverCarriesThePassword() {
        AmqpUrl u = AmqpUrl.parse("amqp://asmm8:S3cr3t-pw@mq:5672/");
        assertEquals("amqp://asmm8:***@mq:5672/", u.display());
        assertEquals(u.display(), u.toString());
        assertFalse(u.display().contains("S3cr3t"));
    }

    @Test
    void aBrokenUrlNamesTheSettingAndNotThePassword() {
        for (String bad : new String[]{"http://guest:pw@mq/", "amqp:///", "amqp://gu est:pw@mq/", "mq:5672"}) {
            ConfigurationError e = assertThrows(ConfigurationError.class, () -> AmqpUrl.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("asmm8.amqp.url (ASMM8_AMQP_URL)"), e.getMessage());
            assertFalse(e.getMessage().contains("pw"), e.getMessage());
        }
    }
}
