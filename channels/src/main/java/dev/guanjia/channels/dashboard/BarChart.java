package dev.guanjia.channels.dashboard;

import java.util.List;
import java.util.Locale;

/**
 * A horizontal or vertical bar chart drawn as SVG on the server, so the dashboard needs no charting
 * script and no CDN. Labels are escaped: they can come from data (building names, categories).
 */
public final class BarChart {

    public record Bar(String label, double value, String caption) {
    }

    private BarChart() {
    }

    /** Columns side by side (for 24 hours and the like). */
    public static String columns(String title, List<Bar> bars) {
        int w = 720;
        int h = 260;
        int left = 30;
        int bottom = 40;
        double max = bars.stream().mapToDouble(Bar::value).max().orElse(0);
        double step = bars.isEmpty() ? 0 : (w - left - 10) / (double) bars.size();
        StringBuilder svg = header(w, h, title);
        for (int i = 0; i < bars.size(); i++) {
            Bar b = bars.get(i);
            double bh = max == 0 ? 0 : (h - bottom - 40) * b.value() / max;
            double x = left + i * step;
            svg.append(String.format(Locale.ROOT,
                    "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#2f7d5b\"><title>%s</title></rect>",
                    x + 2, h - bottom - bh, Math.max(1, step - 4), bh, escape(b.label() + "：" + b.caption())));
            svg.append(String.format(Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s</text>",
                    x + step / 2, h - bottom + 14, escape(b.label())));
            if (b.value() > 0) {
                svg.append(String.format(Locale.ROOT,
                        "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"middle\">%s</text>",
                        x + step / 2, h - bottom - bh - 3, escape(b.caption())));
            }
        }
        return svg.append("</svg>").toString();
    }

    /** One row per bar (for categories, intents, buildings). */
    public static String rows(String title, List<Bar> bars) {
        int w = 720;
        int row = 26;
        int h = 40 + Math.max(1, bars.size()) * row;
        int labelWidth = 200;
        double max = bars.stream().mapToDouble(Bar::value).max().orElse(0);
        StringBuilder svg = header(w, h, title);
        if (bars.isEmpty()) {
            svg.append("<text x=\"10\" y=\"56\" font-size=\"13\">本期没有数据</text>");
        }
        for (int i = 0; i < bars.size(); i++) {
            Bar b = bars.get(i);
            int y = 36 + i * row;
            double bw = max == 0 ? 0 : (w - labelWidth - 90) * b.value() / max;
            svg.append(String.format(Locale.ROOT,
                    "<text x=\"%d\" y=\"%d\" font-size=\"13\" text-anchor=\"end\">%s</text>",
                    labelWidth - 8, y + 15, escape(b.label())));
            svg.append(String.format(Locale.ROOT,
                    "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"18\" fill=\"#3b6ea5\"></rect>",
                    labelWidth, y + 2, bw));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"12\">%s</text>",
                    labelWidth + bw + 6, y + 15, escape(b.caption())));
        }
        return svg.append("</svg>").toString();
    }

    private static StringBuilder header(int w, int h, String title) {
        return new StringBuilder().append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(w)
                .append("\" height=\"").append(h).append("\" viewBox=\"0 0 ").append(w).append(' ').append(h)
                .append("\" font-family=\"sans-serif\" role=\"img\" aria-label=\"").append(escape(title)).append("\">")
                .append("<text x=\"10\" y=\"20\" font-size=\"15\" font-weight=\"bold\">").append(escape(title))
                .append("</text>");
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
