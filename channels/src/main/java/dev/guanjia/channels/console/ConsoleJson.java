package dev.guanjia.channels.console;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guanjia.desk.handoff.Handoffs;

/**
 * How the desk's records look as JSON to the console. The shaping lives here, beside the routes, so
 * the domain records carry no JSON annotations.
 */
public final class ConsoleJson {

    private ConsoleJson() {
    }

    /** The number a callback dials stays on the server: callback tasks show it masked instead. */
    @JsonIgnoreProperties("contact")
    private interface DetailView {
    }

    public static ObjectMapper shape(ObjectMapper mapper) {
        return mapper.addMixIn(Handoffs.Detail.class, DetailView.class);
    }
}
