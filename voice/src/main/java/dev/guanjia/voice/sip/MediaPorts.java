package dev.guanjia.voice.sip;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.DatagramChannel;

import java.net.InetSocketAddress;

/**
 * Where each call's RTP port comes from. Opening one only starts the bind and returns its future:
 * the signalling loop must never wait for a socket, or every other call waits with it.
 */
@FunctionalInterface
interface MediaPorts {

    ChannelFuture open();

    /** A UDP port on any free number of the host, bound on one of the server's event loops. */
    static MediaPorts udp(EventLoopGroup group, Class<? extends DatagramChannel> type, String host) {
        Bootstrap rtp = new Bootstrap().group(group).channel(type)
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel c) {
                        // the RTP session adds its handler once the call is acknowledged
                    }
                });
        return () -> rtp.bind(new InetSocketAddress(host, 0));
    }
}
