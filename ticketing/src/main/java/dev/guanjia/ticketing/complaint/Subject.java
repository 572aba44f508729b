package dev.guanjia.ticketing.complaint;

import dev.guanjia.community.code.Coded;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a complaint or suggestion is about. Read from the resident's words: noise before neighbour
 * ("楼上太吵" is about the noise), then neighbour, fees, staff; anything else is about the service.
 */
public enum Subject implements Coded {
    NOISE("噪音", "噪音|噪声|太吵|好吵|很吵|吵死|吵得|吵闹|吵到|扰民|装修声|电钻|广场舞|狗叫|\\b(noise|noisy|loud)\\b"),
    NEIGHBOUR("邻里", "邻居|楼上|楼下|隔壁|对门|对面那户|\\bneighbou?rs?\\b"),
    FEES("收费", "收费|物业费|乱收|多收|多扣|费用|价格|涨价|账单|停车费|公摊|白交|\\b(fees?|charges?|overcharg\\w*|bills?|price)\\b"),
    STAFF("员工", "保安|保洁|阿姨|管家|客服|前台|工作人员|师傅|经理|员工|门卫|态度|\\b(staff|guard|cleaner|rude|manager|receptionist)\\b"),
    SERVICE("服务", null),
    OTHER("其他", null);

    private final String label;
    private final Pattern words;

    Subject(String label, String words) {
        this.label = label;
        this.words = words == null ? null : Pattern.compile(words);
    }

    @Override
    public String label() {
        return label;
    }

    public static Optional<Subject> ofCode(String code) {
        return Coded.find(Subject.class, code);
    }

    /** The subject the words are about; the service itself when they name nothing more particular. */
    public static Subject of(String text) {
        String t = text == null ? "" : text.toLowerCase(Locale.ROOT);
        for (Subject s : values()) {
            if (s.words != null && s.words.matcher(t).find()) {
                return s;
            }
        }
        return SERVICE;
    }
}
