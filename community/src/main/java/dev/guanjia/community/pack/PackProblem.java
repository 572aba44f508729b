package dev.guanjia.community.pack;

/** One thing wrong with a pack, said so an operator knows where to look and what to change. */
public record PackProblem(String file, int line, String field, String reason) {

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(file);
        if (line > 0) {
            s.append(':').append(line);
        }
        s.append(": ");
        if (field != null && !field.isEmpty()) {
            s.append(field).append(": ");
        }
        return s.append(reason).toString();
    }
}
