package dev.guanjia.knowledge.index;

import dev.guanjia.knowledge.document.KbDocument;

/** A document as the index receives it: which community it belongs to (null: every community). */
public record SourceDocument(String communityId, KbDocument document) {
}
