package dev.guanjia.app.serve;

import dev.guanjia.app.config.ConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A call on the served phone line (Asterisk's AudioSocket, spoken by the test) shows on /metrics. */
class PhoneMetricsTest {

    @TempDir
    Path workDir;

    private static double value(String scrape, String series) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).strip());
            }
        }
        throw new AssertionError("no " + series + " in the scrape");
    }

    @Test
    void aCallAndTheFramesSentToTheCallerAreCounted() throws Exception {
        try (GuanjiaServer server = GuanjiaServer.start(ClusterTemplate.seed(ConfigLoader.load(Map.of("GUANJIA_HTTP_PORT", "0",
                "GUANJIA_HTTP_HOST", "127.0.0.1", "GUANJIA_VOICE_COMMUNITY", "cuihu", "GUANJIA_VOICE_PORT", "0"),
                workDir)))) {
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest scrape = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                    .build();
            String before = http.send(scrape, HttpResponse.BodyHandlers.ofString()).body();
            assertEquals(0, value(before, "guanjia_phone_calls_total{transport=\"audiosocket\"}"));
            double framesBefore = value(before, "guanjia_voice_frames_total");

            int audio = 0;
            try (Socket pbx = new Socket("127.0.0.1", server.phonePort())) {
                pbx.setSoTimeout(10_000);
                OutputStream out = pbx.getOutputStream();
                UUID call = UUID.randomUUID();
                out.write(ByteBuffer.allocate(19).put((byte) 0x01).putShort((short) 16)
                        .putLong(call.getMostSignificantBits()).putLong(call.getLeastSignificantBits()).array());
                out.flush();
                DataInputStream in = new DataInputStream(pbx.getInputStream());
                // the greeting (or silence where espeak-ng is missing) comes in 20 ms frames
                while (audio < 25) {
                    int type = in.readUnsignedByte();
                    byte[] payload = new byte[in.readUnsignedShort()];
                    in.readFully(payload);
                    if (type == 0x10) {
                        audio++;
                    }
                }
                out.write(new byte[]{0x00, 0x00, 0x00});
                out.flush();
            }
            String after = http.send(scrape, HttpResponse.BodyHandlers.ofString()).body();
            assertEquals(1, value(after, "guanjia_phone_calls_total{transport=\"audiosocket\"}"));
            assertEquals(0, value(after, "guanjia_phone_calls_total{transport=\"sip\"}"));
            assertTrue(value(after, "guanjia_voice_frames_total") >= framesBefore + audio - 1, after);
            assertTrue(value(after, "guanjia_voice_frame_slips_total") <= value(after, "guanjia_voice_frames_total"));
        }
    }
}
