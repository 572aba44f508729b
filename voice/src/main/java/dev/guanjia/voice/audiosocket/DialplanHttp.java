package dev.guanjia.voice.audiosocket;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dialplan's side door, on the AudioSocket port (so it is as private as AudioSocket: bound to
 * the PBX's network only), read by Asterisk's CURL():
 * <ul>
 *   <li>{@code POST /voice/calls/{uuid}/caller} with body {@code number=...} (or {@code ?number=}):
 *       the caller's number for the call about to connect; answers {@code ok}.</li>
 *   <li>{@code GET /voice/calls/{uuid}/next}: {@code agent} or {@code hangup}.</li>
 * </ul>
 * One request per connection, HTTP/1.x, closed after the answer.
 */
final class DialplanHttp extends ByteToMessageDecoder {

    private static final Logger LOG = Logger.getLogger(DialplanHttp.class.getName());
    private static final int MAX_HEAD = 8192;
    private static final int MAX_BODY = 1024;
    private static final Pattern LINE = Pattern.compile("^(GET|POST|HEAD) (/voice/calls/([0-9a-fA-F-]{36})/(caller|next))(\\?(\\S*))? HTTP/1\\.[01]$");
    private static final Pattern LENGTH = Pattern.compile("(?im)^content-length:\\s*(\\d+)\\s*$");

    private final Dialplan dialplan;

    DialplanHttp(Dialplan dialplan) {
        this.dialplan = dialplan;
    }

    /** Whether a connection's first bytes are HTTP rather than AudioSocket (whose first byte is 0x01). */
    static boolean looksLikeHttp(ByteBuf in) {
        int b = in.getUnsignedByte(in.readerIndex());
        return b == 'G' || b == 'P' || b == 'H';
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        String text = in.toString(in.readerIndex(), Math.min(in.readableBytes(), MAX_HEAD + MAX_BODY),
                StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            if (in.readableBytes() > MAX_HEAD) {
                answer(ctx, in, 431, "request head too large\n");
            }
            return;
        }
        String head = text.substring(0, end);
        Matcher len = LENGTH.matcher(head);
        int length = !len.find() ? 0 : len.group(1).length() > 6 ? Integer.MAX_VALUE : Integer.parseInt(len.group(1));
        if (length > MAX_BODY) {
            answer(ctx, in, 413, "body too large\n");
            return;
        }
        if (text.length() < end + 4 + length) {
            return; // the body is still coming
        }
        String body = text.substring(end + 4, end + 4 + length);
        Matcher m = LINE.matcher(head.lines().findFirst().orElse(""));
        if (!m.matches()) {
            answer(ctx, in, 404, "not found: the dialplan endpoints are /voice/calls/{uuid}/caller and /next\n");
            return;
        }
        UUID id;
        try {
            id = UUID.fromString(m.group(3));
        } catch (IllegalArgumentException e) {
            answer(ctx, in, 400, "not a call UUID\n");
            return;
        }
        if (m.group(4).equals("next")) {
            answer(ctx, in, 200, dialplan.next(id));
            return;
        }
        String number = param(body, "number");
        if (number == null) {
            number = param(m.group(6) == null ? "" : m.group(6), "number");
        }
        dialplan.caller(id, number);
        LOG.fine(() -> "dialplan registered call " + id);
        answer(ctx, in, 200, "ok");
    }

    private static String param(String form, String name) {
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                try {
                    return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private static void answer(ChannelHandlerContext ctx, ByteBuf in, int status, String body) {
        in.skipBytes(in.readableBytes());
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + (status == 200 ? " OK" : " Error") + "\r\nContent-Type: text/plain\r\n"
                + "Content-Length: " + b.length + "\r\nConnection: close\r\n\r\n";
        ByteBuf out = Unpooled.buffer(head.length() + b.length);
        out.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1)).writeBytes(b);
        ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
    }
}
