package dev.guanjia.knowledge.analysis;

import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The user dictionary on top of SmartCN: where consecutive tokens spell a known word (SmartCN cuts
 * 开锁 into 开 + 锁, 民宿 into 民 + 宿), the word is added at the first token's position. The pieces stay,
 * so an index built before a word was known still matches, and the word itself is a term of its own.
 */
final class DictionaryFilter extends TokenFilter {

    /** The longest run of tokens joined into one word. */
    private static final int MAX_TOKENS = 4;

    private final Set<String> words;
    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private final OffsetAttribute offset = addAttribute(OffsetAttribute.class);
    private final PositionIncrementAttribute position = addAttribute(PositionIncrementAttribute.class);

    private record Token(State state, String text, int start, int end) {
    }

    private final List<Token> window = new ArrayList<>();
    /** The known word to emit after its first token, if any. */
    private Token pending;
    private boolean exhausted;

    DictionaryFilter(TokenStream input, Set<String> words) {
        super(input);
        this.words = words;
    }

    @Override
    public boolean incrementToken() throws IOException {
        if (pending != null) {
            restoreState(pending.state());
            term.setEmpty().append(pending.text());
            offset.setOffset(pending.start(), pending.end());
            position.setPositionIncrement(0);
            pending = null;
            return true;
        }
        while (!exhausted && window.size() < MAX_TOKENS) {
            if (!input.incrementToken()) {
                exhausted = true;
                break;
            }
            window.add(new Token(captureState(), term.toString(), offset.startOffset(), offset.endOffset()));
        }
        if (window.isEmpty()) {
            return false;
        }
        Token first = window.remove(0);
        restoreState(first.state());
        // the longest known word starting here, made of tokens that touch each other
        String joined = first.text();
        int end = first.end();
        String found = null;
        int foundEnd = end;
        for (Token next : window) {
            if (next.start() != end) {
                break;
            }
            joined += next.text();
            end = next.end();
            if (words.contains(joined)) {
                found = joined;
                foundEnd = end;
            }
        }
        if (found != null) {
            pending = new Token(first.state(), found, first.start(), foundEnd);
        }
        return true;
    }

    @Override
    public void reset() throws IOException {
        super.reset();
        window.clear();
        pending = null;
        exhausted = false;
    }
}
