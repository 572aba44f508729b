package dev.guanjia.app.bench;

import dev.guanjia.app.config.ConfigLoader;
import dev.guanjia.app.serve.GuanjiaServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The demo served on loopback from a throwaway directory, with extra settings, for the benchmarks. */
final class DemoService {

    private DemoService() {
    }

    /**
     * Settings for a WeChat account on the demo community whose API server is a closed loopback port:
     * callbacks are signed with the token, and replies the service pushes back fail fast.
     */
    static String wechat(String token) {
        return """
                wechat:
                  community: cuihu
                  app_id: wxbench
                  secret: bench
                  token: %s
                  api_host: http://127.0.0.1:9
                """.formatted(token);
    }

    /** @param settings YAML added after the loopback HTTP settings (wechat:, voice: …) */
    static GuanjiaServer start(Path dir, String settings) throws IOException {
        return start(dir, settings, Map.of());
    }

    /** @param environment settings as environment variables (GUANJIA_…), over the file's */
    static GuanjiaServer start(Path dir, String settings, Map<String, String> environment) throws IOException {
        Files.writeString(dir.resolve("guanjia.yaml"), "http:\n  host: 127.0.0.1\n  port: 0\n" + settings);
        return GuanjiaServer.start(ConfigLoader.load(environment, dir));
    }

    /** As {@code serve} starts it, with its warm-up (desk.warmup_seconds, which {@code environment} may set). */
    static GuanjiaServer serve(Path dir, String settings, Map<String, String> environment) throws IOException {
        Files.writeString(dir.resolve("guanjia.yaml"), "http:\n  host: 127.0.0.1\n  port: 0\n" + settings);
        return GuanjiaServer.serve(ConfigLoader.load(environment, dir));
    }
}
