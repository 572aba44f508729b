package dev.guanjia.voice.sip;

import org.junit.jupiter.api.Test;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SIP parser against messages in the manner of RFC 4475 (SIP torture tests): the valid ones
 * parse, the invalid ones are refused with a SipParseException, and garbage never gets further.
 */
class SipParserTest {

    private static byte[] crlf(String text) {
        return text.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static SipMessage parse(String text) throws SipParseException {
        return SipParser.parse(crlf(text));
    }

    private static void refused(String text) {
        assertThrows(SipParseException.class, () -> parse(text));
    }

    // after RFC 4475 3.1.1.1 "wsinv": compact and mixed-case names, folding, odd spacing
    static final String TORTUOUS = """
            INVITE sip:vivekg@chair-dnrc.example.com;unknownparam SIP/2.0
            TO :
             sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n
            from   : "J Rosenberg \\\\\\""       <sip:jdrosen@example.com>
              ;
              tag = 98asjd8
            MaX-fOrWaRdS: 0068
            Call-ID: wsinv.ndaksdj@192.0.2.1
            Content-Length   : 150
            cseq: 0009
              INVITE
            Via  : SIP  /   2.0
             /UDP
                192.0.2.2;branch=390skdjuw
            s :
            NewFangledHeader:   newfangled value
             continued newfangled value
            UnknownHeaderWithUnusualValue: ;;,,;;,;
            Content-Type: application/sdp
            Route:
             <sip:services.example.com;lr;unknownwith=value;unknown-no-value>
            v:  SIP  / 2.0  / TCP     spindle.example.com   ;
              branch  =   z9hG4bK9ikj8  ,
             SIP  /    2.0   / UDP  192.168.255.111   ; branch=
             z9hG4bK30239
            m:"Quoted string \\"\\"" <sip:jdrosen@example.com> ; newparam =
                  newvalue ;
              secondparam ; q = 0.33

            v=0
            o=mhandley 29739 7272939 IN IP4 192.0.2.3
            s=-
            c=IN IP4 192.0.2.4
            t=0 0
            m=audio 49217 RTP/AVP 0 12
            m=video 3227 RTP/AVP 31
            a=rtpmap:31 LPC
            """;

    @Test
    void aShortTortuousInviteParses() throws Exception {
        byte[] raw = crlf(TORTUOUS);
        SipMessage m = SipParser.parse(raw);
        assertEquals("INVITE", m.method());
        assertEquals("wsinv.ndaksdj@192.0.2.1", m.callId());
        assertEquals("1918181833n", SipMessage.tag(m.header("To").orElseThrow().replace(" ", "")));
        assertEquals(2, m.all("Via").size(), "long and compact Via alike");
        assertTrue(m.header("NewFangledHeader").orElseThrow().contains("continued newfangled value"));
        assertEquals(150, m.body().length);
    }

    @Test
    void unusualButValidMessagesParse() throws Exception {
        // after "intmeth": an unknown method made of every token character
        SipMessage odd = parse("""
                !interesting-Method0123456789_*+`.%indeed'~ sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*:&it+has=1,weird!*pas$wo~d_too.(doesn't-it)@example.com SIP/2.0
                Via: SIP/2.0/TCP host1.example.com;branch=z9hG4bK-.!%66*_+`'~
                To: "BEL:\\\u0007 NUL:\\\u0000 DEL:\\\u007f" <sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*@example.com>
                From: token1~` token2'+_ token3*%!.- <sip:mundane@example.com>;fromParam''~+*_!.-%="работающий";tag=_token~1'+`*%!-.
                Call-ID: intmeth.word%ZK-!.*_+'@word`~)(><:\\/"][?}{
                CSeq: 139122385 !interesting-Method0123456789_*+`.%indeed'~
                Max-Forwards: 255
                extensionHeader-!.%*+_`'~: 大停電
                Content-Length: 0

                """);
        assertEquals("!interesting-Method0123456789_*+`.%indeed'~", odd.method());
        // after "esc01", "escnull", "semiuri", "lwsdisp": escapes, semicolons, no space before <
        for (String uri : new String[]{"sip:sips%3Auser%40example.com@example.net", "sip:null-%00-null@example.com",
                "sip:user;par=u%40example.net@example.com"}) {
            assertEquals(uri, parse("INVITE " + uri + " SIP/2.0\nTo: sip:user@example.com\n"
                    + "From: caller<sip:caller@example.com>;tag=323\nMax-Forwards: 70\nCall-ID: esc01.239409asdfakjkn23onasd0-3234\n"
                    + "CSeq: 234234 INVITE\nVia: SIP/2.0/UDP host5.example.net;branch=z9hG4bKkdjuw\nContent-Length: 0\n\n").uri());
        }
        // after "longreq": very long values and many Via headers
        StringBuilder vias = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            vias.append("Via: SIP/2.0/TCP sip").append(i).append(".example.com;branch=z9hG4bK").append(i).append('\n');
        }
        SipMessage longOne = parse("INVITE sip:user@example.com SIP/2.0\n" + vias + "To: \"" + "I have a user name of "
                + "extreme ".repeat(60) + "proportion\" <sip:user@example.com>\nFrom: sip:amazinglylongcallername"
                + "x".repeat(500) + "@example.net;tag=12982424\nCall-ID: longreq.one" + "really".repeat(100)
                + "longcallid\nCSeq: 3882340 INVITE\nMax-Forwards: 70\nContent-Length: 0\n\n");
        assertEquals(40, longOne.all("Via").size());
        // after "dblreq": bytes after the Content-Length are not part of this message
        SipMessage first = parse("REGISTER sip:example.com SIP/2.0\nTo: sip:j.user@example.com\nFrom: "
                + "sip:j.user@example.com;tag=43251j3j324\nMax-Forwards: 8\nI: dblreq.0ha0isndaksdj99sdfafnl3lk233412\n"
                + "Contact: sip:j.user@host.example.com\nCSeq: 8 REGISTER\nVia: SIP/2.0/UDP 192.0.2.125;branch=z9hG4bKkdjuw23492\n"
                + "Content-Length: 0\n\nINVITE sip:joe@example.com SIP/2.0\nt: sip:joe@example.com\n\n");
        assertEquals(0, first.body().length);
        assertEquals("dblreq.0ha0isndaksdj99sdfafnl3lk233412", first.callId(), "compact Call-ID (i)");
        // after "noreason"/"unreason": responses with an empty or non-ASCII reason
        SipMessage noReason = parse("SIP/2.0 100 \nVia: SIP/2.0/UDP 192.0.2.105;branch=z9hG4bK2398ndaoe\n"
                + "Call-ID: noreason.asndj203insdf99223ndf\nCSeq: 35 INVITE\nFrom: <sip:user@example.com>;tag=39ansfi3\n"
                + "To: <sip:user@example.edu>;tag=902jndnke3\nContent-Length: 0\n\n");
        assertEquals(100, noReason.status());
        assertEquals(200, parse("SIP/2.0 200 = 2**3 * 5**2 но сто девяносто девять - простое\nVia: SIP/2.0/UDP "
                + "192.0.2.198;branch=z9hG4bK1324923\nCall-ID: unreason.1234ksdfak3j2erwedfsASdf\nCSeq: 35 INVITE\n"
                + "From: sip:user@example.com;tag=11141343\nTo: sip:user@example.edu;tag=2229\nContent-Length: 0\n\n").status());
    }

    @Test
    void invalidMessagesAreRefused() {
        String headers = "To: sip:j.user@example.com\nFrom: sip:caller@example.net;tag=134161461246\n"
                + "Max-Forwards: 7\nCall-ID: invalid.0ha0isndaksdj\nVia: SIP/2.0/UDP 192.0.2.15;branch=z9hG4bKkdjuw\n";
        // after "clerr": Content-Length beyond the datagram; "ncl": negative; "scalar02": overlarge CSeq
        refused("INVITE sip:user@example.com SIP/2.0\n" + headers + "CSeq: 8 INVITE\nContent-Length: 9999\n\nv=0\n");
        refused("INVITE sip:user@example.com SIP/2.0\n" + headers + "CSeq: 8 INVITE\nContent-Length: -999\n\n");
        refused("INVITE sip:user@example.com SIP/2.0\n" + headers + "CSeq: 36893488147419103232 INVITE\n\n");
        // after "ltgtruri", "lwsruri", "lwsstart": a Request-URI in <>, with spaces, doubled spaces
        refused("INVITE <sip:user@example.com> SIP/2.0\n" + headers + "CSeq: 8 INVITE\n\n");
        refused("INVITE sip:user@example.com; lr SIP/2.0\n" + headers + "CSeq: 8 INVITE\n\n");
        refused("INVITE  sip:user@example.com  SIP/2.0\n" + headers + "CSeq: 8 INVITE\n\n");
        // after "badvers", "bigcode", "mismatch01", "insuf": version, status code, CSeq method, missing headers
        refused("INVITE sip:user@example.com SIP/7.0\n" + headers + "CSeq: 8 INVITE\n\n");
        refused("SIP/2.0 4294967301 better not break the receiver\n" + headers + "CSeq: 8 INVITE\n\n");
        refused("OPTIONS sip:user@example.com SIP/2.0\n" + headers + "CSeq: 8 INVITE\n\n");
        refused("INVITE sip:user@example.com SIP/2.0\nTo: sip:user@example.com\nCSeq: 8 INVITE\n\n");
        refused("INVITE sip:user@example.com SIP/2.0\n" + headers + "CSeq: 8 INVITE\n"); // no blank line
    }

    @Test
    void garbageNeverThrowsAnythingElseAndTheServerKeepsAnswering() throws Exception {
        Random random = new Random(4475);
        byte[] valid = crlf(TORTUOUS);
        int refused = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] b;
            switch (i % 4) {
                case 0 -> {
                    b = new byte[random.nextInt(1500)];
                    random.nextBytes(b);
                }
                case 1 -> b = java.util.Arrays.copyOf(valid, random.nextInt(valid.length));
                case 2 -> {
                    b = valid.clone();
                    for (int k = 0; k < 1 + random.nextInt(8); k++) {
                        b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                    }
                }
                default -> {
                    String[] parts = {"INVITE", " ", "sip:", "@", "\r\n", ":", ";", "SIP/2.0", "Via", "CSeq", "1",
                            "Content-Length", "\t", "<", ">", "\"", "%00", "\r\n\r\n"};
                    StringBuilder s = new StringBuilder();
                    for (int k = 0; k < random.nextInt(60); k++) {
                        s.append(parts[random.nextInt(parts.length)]);
                    }
                    b = s.toString().getBytes(StandardCharsets.UTF_8);
                }
            }
            try {
                SipParser.parse(b);
            } catch (SipParseException e) {
                refused++;
            }
        }
        assertTrue(refused > 15_000, "most garbage is refused: " + refused);

        try (SipServer server = SipServer.start("127.0.0.1", 0, (id, caller, line) -> {
            throw new AssertionError("no call should start");
        }, null); DatagramSocket client = new DatagramSocket()) {
            InetSocketAddress to = new InetSocketAddress("127.0.0.1", server.port());
            for (int i = 0; i < 2000; i++) {
                byte[] b = new byte[random.nextInt(1200)];
                random.nextBytes(b);
                client.send(new DatagramPacket(b, b.length, to));
                if (i % 20 == 19) {
                    Thread.sleep(2); // a flood the kernel would drop says nothing about the parser
                }
            }
            byte[] options = crlf("OPTIONS sip:guanjia@127.0.0.1 SIP/2.0\nVia: SIP/2.0/UDP 127.0.0.1:" + client.getLocalPort()
                    + ";branch=z9hG4bKopt1\nTo: <sip:guanjia@127.0.0.1>\nFrom: <sip:probe@127.0.0.1>;tag=p1\n"
                    + "Call-ID: opt-1\nCSeq: 1 OPTIONS\nMax-Forwards: 70\nContent-Length: 0\n\n");
            // UDP may drop under the flood; like a real UA, ask again a few times
            client.setSoTimeout(1000);
            byte[] buf = new byte[4096];
            DatagramPacket answer = new DatagramPacket(buf, buf.length);
            boolean answered = false;
            for (int attempt = 0; attempt < 5 && !answered; attempt++) {
                client.send(new DatagramPacket(options, options.length, to));
                try {
                    client.receive(answer);
                    answered = true;
                } catch (java.net.SocketTimeoutException e) {
                    // try again
                }
            }
            assertTrue(answered, "the server still answers after the garbage");
            String text = new String(buf, 0, answer.getLength(), StandardCharsets.UTF_8);
            assertTrue(text.startsWith("SIP/2.0 200 OK") && text.contains("Allow: INVITE"), text);
            assertTrue(server.dropped() > 1000, "garbage read and dropped: " + server.dropped());
        }
    }
}
