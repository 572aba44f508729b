package dev.guanjia.channels.webchat;

import dev.guanjia.channels.pages.ClasspathPages;

import java.util.List;

/**
 * The H5 chat page residents open from the official-account menu or a QR code: three files from
 * the classpath (resources/web/chat), no build step.
 * <pre>open http://localhost:8080/chat/?community=cuihu</pre>
 */
public final class WebChatPage extends ClasspathPages {

    public WebChatPage() {
        super("/web/chat/", List.of("index.html", "chat.js", "chat.css", "feedback.html", "feedback.js"));
    }
}
