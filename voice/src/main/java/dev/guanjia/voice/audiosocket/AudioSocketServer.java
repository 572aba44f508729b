package dev.guanjia.voice.audiosocket;

import dev.guanjia.voice.call.CallFlow;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.timeout.ReadTimeoutHandler;

import java.net.InetSocketAddress;
import java.util.UUID;

/**
 * Asterisk AudioSocket over TCP: a pipeline of small handlers — read timeout, message decoder and
 * encoder, one call handler per connection. Dialplan:
 * {@code same => n,Answer()} then {@code same => n,AudioSocket(<uuid with the caller's number>,host:port)}.
 */
public final class AudioSocketServer implements AutoCloseable {

    /** Makes the call flow of a new call; the caller's number is read from the UUID. */
    @FunctionalInterface
    public interface Calls {
        CallFlow open(UUID id, String callerNumber, dev.guanjia.voice.call.CallLine line);
    }

    private final EventLoopGroup group;
    private final Channel server;

    private AudioSocketServer(EventLoopGroup group, Channel server) {
        this.group = group;
        this.server = server;
    }

    public static AudioSocketServer start(String host, int port, int threads, Calls calls) throws InterruptedException {
        boolean epoll = io.netty.channel.epoll.Epoll.isAvailable();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads,
                epoll ? io.netty.channel.epoll.EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        try {
            Channel ch = new ServerBootstrap().group(group)
                    .channel(epoll ? io.netty.channel.epoll.EpollServerSocketChannel.class : NioServerSocketChannel.class)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel c) {
                            c.pipeline().addLast(new ReadTimeoutHandler(60))
                                    .addLast(new AudioSocketDecoder())
                                    .addLast(new AudioSocketEncoder())
                                    .addLast(new AudioSocketCallHandler((id, line) ->
                                            calls.open(id, AudioSocketCallHandler.callerOf(id), line)));
                        }
                    })
                    .bind(new InetSocketAddress(host, port)).sync().channel();
            return new AudioSocketServer(group, ch);
        } catch (InterruptedException | RuntimeException e) {
            group.shutdownGracefully();
            throw e;
        }
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
