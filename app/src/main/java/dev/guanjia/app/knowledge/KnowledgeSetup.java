package dev.guanjia.app.knowledge;

import dev.guanjia.app.config.GuanjiaConfig;
import dev.guanjia.knowledge.KnowledgeBase;
import dev.guanjia.knowledge.analysis.Aliases;
import dev.guanjia.knowledge.analysis.Colloquial;
import dev.guanjia.knowledge.document.KbDocumentStore;
import dev.guanjia.knowledge.embedding.BgeSmallZhEmbedder;
import dev.guanjia.knowledge.search.KnowledgeSearch;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Path;

/** Where the knowledge base keeps its files under the data directory, and how it is opened. */
public final class KnowledgeSetup {

    private KnowledgeSetup() {
    }

    /** data/index/knowledge: derived, safe to delete (rebuilt from PostgreSQL on the next start). */
    public static Path indexDir(Path dataDir) {
        return dataDir.resolve("index").resolve("knowledge");
    }

    /** data/knowledge/aliases.txt: the operator's vocabulary; the bundled one when absent. */
    public static Path aliasesFile(Path dataDir) {
        return dataDir.resolve("knowledge").resolve("aliases.txt");
    }

    /** data/knowledge/colloquial.txt: the operator's dialect rewrites; the bundled ones when absent. */
    public static Path colloquialFile(Path dataDir) {
        return dataDir.resolve("knowledge").resolve("colloquial.txt");
    }

    public static KnowledgeBase open(GuanjiaConfig config, DataSource db) throws IOException {
        GuanjiaConfig.KnowledgeWeights w = config.knowledgeWeights();
        return new KnowledgeBase(new KbDocumentStore(db), indexDir(config.dataDir()), BgeSmallZhEmbedder.shared(),
                Aliases.load(aliasesFile(config.dataDir())), Colloquial.load(colloquialFile(config.dataDir())),
                new KnowledgeSearch.Weights(w.dense(), w.words(), w.grams(), w.pinyin())).open();
    }
}
