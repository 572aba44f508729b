package dev.guanjia.channels.console;

import dev.guanjia.channels.pages.ClasspathPages;

import java.util.List;

/**
 * The staff pages (resources/web/console): the agent console, the supervisor dashboard and the
 * technician's H5 page, all signing in through /api/v1/staff.
 * <pre>open http://localhost:8080/console/</pre>
 */
public final class ConsolePage extends ClasspathPages {

    public ConsolePage() {
        super("/web/console/", List.of("index.html", "console.js", "console.css", "staff.js", "dashboard.html",
                "dashboard.js", "tech.html", "tech.js", "media.js", "payments.html", "payments.js", "complaints.html", "complaints.js",
                "notices.html", "notices.js", "bookings.html", "bookings.js", "knowledge.html", "knowledge.js", "kb-ask.js",
                "knowledge-import.html", "knowledge-import.js", "unanswered.html", "unanswered.js"));
    }
}
