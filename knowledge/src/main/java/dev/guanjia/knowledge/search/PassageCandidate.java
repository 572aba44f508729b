package dev.guanjia.knowledge.search;

import dev.guanjia.knowledge.chunk.Chunker;
import dev.guanjia.knowledge.embedding.Embedder;
import org.apache.lucene.search.IndexSearcher;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A sentence, list item or table row of a found document, competing to be quoted in the answer,
 * with what says it answers the question. Like {@link Candidate}, every feature means the same
 * from one pack to the next (shares, cosines, yes/no flags), because the weights are fitted once
 * on Guanjia's own questions ({@code bench ranker}) and then used everywhere.
 *
 * @param features  values in the order of {@link #FEATURES}
 * @param continues the piece is a further sentence of the line (paragraph, list item) of the piece before it
 */
public record PassageCandidate(String docId, String title, String text, double[] features, int chunk,
                               boolean continues) {

    /** A piece whose chunk does not matter (tests, fitting), a line of its own. */
    public PassageCandidate(String docId, String title, String text, double[] features) {
        this(docId, title, text, features, -1, false);
    }


    public static final List<String> FEATURES = List.of(
            "meaning",        // cosine of the question to the piece
            "meaning_best",   // 1 for the piece closest in meaning within the document
            "word_share",     // share of the question's content words (aliases count) in the piece
            "gram_share",     // share of the question's character bigrams in the piece
            "distinct_words", // as word_share, each word weighted by how few of the document's pieces have it
            "distinct_grams", // the same for bigrams: the document's own topic words tell its pieces apart least
            "section_share",  // share of the question's content words in the piece's section heading
            "best_chunk",     // the piece is in the chunk that brought the document up
            "figure",         // the question asks for a figure (多少, 几, 电话…) and the piece has a number
            "figure_kind",    // the piece has the kind of figure asked for (a time for 几点, a price for 多少钱…)
            "rule",           // a yes/no question, and the piece states a rule (不得, 禁止, 无需, 可以…)
            "step",           // a how-to question (怎么办, 流程, 手续…), and the piece is a numbered step
            "opening",        // the document's first piece, which usually says what it is about
            "short");         // a piece under 12 characters: a label more than an answer

    private static final Pattern WANTS_FIGURE = Pattern.compile(
            "多少|几|多久|多长|什么时候|哪天|时间|电话|号码|价格|收费|费用|钱|标准|how much|how long|when|phone|number|price|fee|cost");

    /** A yes/no question: 能不能, 可以…吗, 会不会, 要不要, is/can/do… */
    private static final Pattern YES_NO = Pattern.compile(
            "(.)不\\1|可不可以|吗|么[？?]?$|是否|行不行|准不准|^(can|could|may|is|are|do|does|will|should)\\b");

    private static final Pattern HOW = Pattern.compile("怎么|怎样|如何|流程|手续|步骤|办理|咋|\\bhow\\b|procedure");

    private static final Pattern STEP = Pattern.compile("^\\s*(\\d+[.、)）]|[（(]\\d+[)）]|第[一二三四五六七八九十]+步)");

    private static final Pattern RULE = Pattern.compile(
            "不得|禁止|严禁|不准|不允许|不可|不能|不会|不予|无需|不需|不用|不收|免费|须|必须|应当|可以|允许|均可|可");

    private static final Pattern LIST_NUMBER = Pattern.compile("^\\s*\\d+[.、)）]");

    private static final Pattern DIGIT = Pattern.compile("\\d");

    /**
     * The pieces of a document: every chunk's sentences, list items and table rows, in document
     * order.
     *
     * @param chunks    the document's chunks (Lucene doc numbers), in order
     * @param bestChunk the chunk that brought the document up
     */
    static List<PassageCandidate> of(IndexSearcher searcher, Question q, Embedder embedder, Set<String> grams,
                                     List<List<String>> words, Hit hit, List<Integer> chunks, int bestChunk)
            throws IOException {
        String question = q.text().toLowerCase();
        boolean wantsFigure = WANTS_FIGURE.matcher(question).find();
        boolean yesNo = YES_NO.matcher(question).find();
        boolean how = HOW.matcher(question).find();
        List<PassageCandidate> out = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        double[] ones = new double[words.size()];
        java.util.Arrays.fill(ones, 1);
        int bestMeaning = -1;
        double best = Double.NEGATIVE_INFINITY;
        AskedFigure asked = AskedFigure.in(question);
        for (int chunk : chunks) {
            ChunkText text = ChunkText.of(searcher, chunk);
            List<String> pieces = text.pieces();
            List<float[]> vectors = text.pieceVectors();
            double sectionShare = Candidate.share(words, ones, text.lowerSection());
            for (int i = 0; i < pieces.size(); i++) {
                String piece = pieces.get(i);
                String lower = text.lowerPieces().get(i);
                // a list item's own number ("3.") is not a figure
                String body = withoutListNumber(piece);
                double[] f = new double[FEATURES.size()];
                // passage vectors are stored at indexing (schema 4); embedding here is only a safeguard
                f[0] = Candidate.dot(q.vector(), vectors.size() == pieces.size() ? vectors.get(i)
                        : embedder.embed(Chunker.inContext(text.section(), piece)));
                f[2] = Candidate.share(words, ones, lower);
                f[3] = grams.isEmpty() ? 0 : (double) countIn(grams, lower) / grams.size();
                f[6] = sectionShare;
                f[7] = chunk == bestChunk ? 1 : 0;
                f[8] = wantsFigure && DIGIT.matcher(body).find() ? 1 : 0;
                f[9] = asked.carries(text.bodyFigures()[i]) ? 1 : 0;
                f[10] = yesNo && RULE.matcher(body).find() ? 1 : 0;
                f[11] = how && STEP.matcher(piece).find() ? 1 : 0;
                f[12] = out.isEmpty() ? 1 : 0;
                f[13] = body.strip().length() < 12 ? 1 : 0;
                if (f[0] > best) {
                    best = f[0];
                    bestMeaning = out.size();
                }
                boolean continues = i > 0 && text.continuing().size() == pieces.size() && text.continuing().get(i);
                out.add(new PassageCandidate(hit.docId(), hit.title(), piece, f, chunk, continues));
                texts.add(lower);
            }
        }
        if (bestMeaning >= 0) {
            out.get(bestMeaning).features()[1] = 1;
        }
        List<List<String>> gramForms = grams.stream().map(List::of).toList();
        double[] wordWeights = rarity(words, texts);
        double[] gramWeights = rarity(gramForms, texts);
        for (int i = 0; i < out.size(); i++) {
            out.get(i).features()[4] = found(words, wordWeights, texts.get(i));
            out.get(i).features()[5] = found(gramForms, gramWeights, texts.get(i));
        }
        return out;
    }

    /** A list item without its own number ("3."), which is not a figure. */
    static String withoutListNumber(String piece) {
        return LIST_NUMBER.matcher(piece).replaceFirst("");
    }

    private static int countIn(Set<String> grams, String lower) {
        int n = 0;
        for (String g : grams) {
            n += lower.contains(g) ? 1 : 0;
        }
        return n;
    }

    /**
     * Each word's rarity among the pieces, from 1 (in no piece) down to near 0 (in every one):
     * log(1 + pieces / (pieces having it + 1)) / log(1 + pieces).
     */
    private static double[] rarity(List<List<String>> forms, List<String> texts) {
        double[] out = new double[forms.size()];
        double most = Math.log(1 + texts.size());
        for (int w = 0; w < out.length; w++) {
            List<String> f = forms.get(w);
            long df = 0;
            for (String t : texts) {
                df += Candidate.anyIn(f, t) ? 1 : 0;
            }
            out[w] = most == 0 ? 0 : Math.log(1 + texts.size() / (df + 1.0)) / most;
        }
        return out;
    }

    /** The rarities of the words found in the text, per word of the question (not a share of the weights). */
    private static double found(List<List<String>> forms, double[] rarity, String lower) {
        double sum = 0;
        for (int i = 0; i < forms.size(); i++) {
            if (Candidate.anyIn(forms.get(i), lower)) {
                sum += rarity[i];
            }
        }
        return forms.isEmpty() ? 0 : sum / forms.size();
    }

}
