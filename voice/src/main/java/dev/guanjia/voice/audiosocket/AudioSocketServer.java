package dev.guanjia.voice.audiosocket;

import dev.guanjia.voice.call.CallFlow;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Asterisk AudioSocket over TCP: a pipeline of small handlers — message decoder and encoder, one
 * call handler per connection — and, on the same port, the dialplan's two small HTTP requests
 * (see {@link DialplanHttp}; the README has the dialplan). There is no read timeout: a caller on a
 * trunk with silence suppression sends nothing while silent; the call handler's inactivity limit
 * ends calls where nothing is pressed or said for minutes.
 */
public final class AudioSocketServer implements AutoCloseable {

    /** Makes the call flow of a new call; the caller's number is the one the dialplan registered. */
    @FunctionalInterface
    public interface Calls {
        CallFlow open(UUID id, String callerNumber, dev.guanjia.voice.call.CallLine line);
    }

    /**
     * @param inactivity no key and no speech for this long: a goodbye and our hang-up
     * @param silentSocket nothing at all received for this long (not even audio): the PBX is gone
     * @param maxAudioBytes most bytes one audio message may carry
     */
    public record Limits(Duration inactivity, Duration silentSocket, int maxAudioBytes) {
        public static Limits defaults() {
            return new Limits(Duration.ofMinutes(5), Duration.ofMinutes(10), 4096);
        }
    }

    private final EventLoopGroup group;
    private final Channel server;
    private final Dialplan dialplan;

    private AudioSocketServer(EventLoopGroup group, Channel server, Dialplan dialplan) {
        this.group = group;
        this.server = server;
        this.dialplan = dialplan;
    }

    public static AudioSocketServer start(String host, int port, int threads, Calls calls) throws InterruptedException {
        return start(host, port, threads, Limits.defaults(), calls);
    }

    public static AudioSocketServer start(String host, int port, int threads, Limits limits, Calls calls)
            throws InterruptedException {
        boolean epoll = io.netty.channel.epoll.Epoll.isAvailable();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads,
                epoll ? io.netty.channel.epoll.EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        Dialplan dialplan = new Dialplan();
        try {
            Channel ch = new ServerBootstrap().group(group)
                    .channel(epoll ? io.netty.channel.epoll.EpollServerSocketChannel.class : NioServerSocketChannel.class)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel c) {
                            c.pipeline().addLast("sniff", new FirstByte(dialplan, limits, calls));
                        }
                    })
                    .bind(new InetSocketAddress(host, port)).sync().channel();
            return new AudioSocketServer(group, ch, dialplan);
        } catch (InterruptedException | RuntimeException e) {
            group.shutdownGracefully();
            throw e;
        }
    }

    /** The first byte says what the connection is: HTTP from the dialplan's CURL(), or a call. */
    private static final class FirstByte extends ByteToMessageDecoder {
        private final Dialplan dialplan;
        private final Limits limits;
        private final Calls calls;

        FirstByte(Dialplan dialplan, Limits limits, Calls calls) {
            this.dialplan = dialplan;
            this.limits = limits;
            this.calls = calls;
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            if (in.readableBytes() < 1) {
                return;
            }
            if (DialplanHttp.looksLikeHttp(in)) {
                ctx.pipeline().addLast(new DialplanHttp(dialplan));
            } else {
                ctx.pipeline().addLast(new AudioSocketDecoder(limits.maxAudioBytes()))
                        .addLast(new AudioSocketEncoder())
                        .addLast(new AudioSocketCallHandler(limits, (id, line) -> {
                            String caller = dialplan.callerOf(id);
                            return calls.open(id, caller, line);
                        }, dialplan));
            }
            ctx.pipeline().remove(this); // hands the bytes read so far to the new handlers
        }
    }

    /** What the dialplan and the service say to each other about calls (registrations, next steps). */
    public Dialplan dialplan() {
        return dialplan;
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully().syncUninterruptibly();
    }
}
