package dev.guanjia.community.pack;

import java.util.List;

/** A pack that cannot be imported; carries every problem found, not just the first. */
public class PackException extends RuntimeException {

    private final List<PackProblem> problems;

    public PackException(List<PackProblem> problems) {
        super(summary(problems));
        this.problems = List.copyOf(problems);
    }

    public List<PackProblem> problems() {
        return problems;
    }

    private static String summary(List<PackProblem> problems) {
        StringBuilder s = new StringBuilder("pack has " + problems.size() + " problem(s); nothing was imported");
        for (PackProblem p : problems) {
            s.append("\n  ").append(p);
        }
        return s.toString();
    }
}
