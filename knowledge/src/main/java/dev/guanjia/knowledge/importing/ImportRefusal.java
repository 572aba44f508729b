package dev.guanjia.knowledge.importing;

/**
 * A file the import will not take, and why: an English sentence for the operator (what to do about
 * it) and a short Chinese one for the page. Nothing is stored when one is thrown.
 */
public final class ImportRefusal extends RuntimeException {

    public enum Reason {
        TOO_LARGE("文件太大了"),
        WRONG_TYPE("文件类型不支持或与扩展名不符"),
        ENCRYPTED("文件有密码保护，请先去掉密码再上传"),
        SCANNED("这是扫描件（图片），里面没有可读取的文字"),
        ZIP_BOMB("文件结构异常（压缩比过大），已拒绝"),
        CORRUPT("文件已损坏，无法读取"),
        EMPTY("文件里没有可导入的内容"),
        INVALID("Markdown 文件开头的信息（front matter）有误");

        private final String chinese;

        Reason(String chinese) {
            this.chinese = chinese;
        }

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Reason reason;

    public ImportRefusal(Reason reason, String english) {
        super(english);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** The short sentence the console shows. */
    public String chinese() {
        return reason.chinese + "。";
    }
}
