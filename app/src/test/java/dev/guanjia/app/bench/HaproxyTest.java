package dev.guanjia.app.bench;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HaproxyTest {

    @Test
    void oneServerPerNodeNamedInOrderBehindTheFrontendPort() {
        String conf = Haproxy.config(18080, List.of(20001, 20002, 20003));
        assertTrue(conf.contains("bind 127.0.0.1:18080\n"), conf);
        assertEquals(List.of("server a 127.0.0.1:20001 check inter 500ms fall 2 rise 1",
                        "server b 127.0.0.1:20002 check inter 500ms fall 2 rise 1",
                        "server c 127.0.0.1:20003 check inter 500ms fall 2 rise 1"),
                conf.lines().map(String::strip).filter(l -> l.startsWith("server ")).toList());
        // Guanjia refuses HTTP/1.0, HAProxy's default for checks
        assertTrue(conf.contains("http-check send meth GET uri /health/ready ver HTTP/1.1 hdr Host guanjia"), conf);
        assertTrue(conf.contains("http-response set-header X-Guanjia-Node %[srv_name]"), conf);
        assertThrows(IllegalArgumentException.class, () -> Haproxy.config(18080, List.of()));
    }

    @Test
    void haproxyAcceptsTheConfiguration(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Haproxy.binary().isPresent(), "haproxy is not installed (bin/test installs it)");
        Path conf = dir.resolve("haproxy.cfg");
        Files.writeString(conf, Haproxy.config(18080, List.of(20001, 20002)));
        Process check = new ProcessBuilder(Haproxy.binary().get().toString(), "-c", "-f", conf.toString())
                .redirectErrorStream(true).start();
        String said = new String(check.getInputStream().readAllBytes());
        assertEquals(0, check.waitFor(), said);
    }
}
