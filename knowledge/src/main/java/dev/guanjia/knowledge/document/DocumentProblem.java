package dev.guanjia.knowledge.document;

/** Something wrong with one KB file, with the line where it shows. */
public record DocumentProblem(String file, int line, String field, String reason) {
}
