// Lucene's German analyzer with BM25 as a ranking peer for the lead-sentence set of
// `archivar eval`: the analysis and scoring of Elasticsearch's `german` analyzer (Lucene 4.10's
// GermanAnalyzer, BM25 with k1 = 1.2, b = 0.75), so archivar's figures on its dev sets stand
// beside the peer's, measured on the same documents and queries.
//
// Indexes every `.txt` file under DOCS as one document (its whole text, one field), then reads
// QUERIES (lines of `id<TAB>text`) and prints, per query, `id<TAB>rank<TAB>path` for its top 10
// (path relative to DOCS). A query's text is analysed as the field is and its terms are OR-ed,
// as Elasticsearch's `match` query does: no query syntax, so no query fails.
//
// Build and run (Debian: apt-get install liblucene4.10-java), see bench/lucene/leads:
//   javac -cp LUCENE_JARS -d OUT LuceneRank.java
//   java -cp OUT:LUCENE_JARS LuceneRank DOCS QUERIES

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.de.GermanAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.RAMDirectory;
import org.apache.lucene.util.Version;

public class LuceneRank {
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: LuceneRank DOCS QUERIES");
            System.exit(2);
        }
        Path docs = Paths.get(args[0]);
        Analyzer analyzer = new GermanAnalyzer();
        RAMDirectory directory = new RAMDirectory();
        IndexWriterConfig config = new IndexWriterConfig(Version.LUCENE_4_10_4, analyzer);
        config.setSimilarity(new BM25Similarity());
        List<Path> files;
        try (Stream<Path> walk = Files.walk(docs)) {
            files = walk.filter(p -> p.toString().endsWith(".txt") && Files.isRegularFile(p))
                    .sorted().collect(Collectors.toList());
        }
        try (IndexWriter writer = new IndexWriter(directory, config)) {
            for (Path file : files) {
                Document doc = new Document();
                doc.add(new StringField("path", docs.relativize(file).toString().replace('\\', '/'), Field.Store.YES));
                doc.add(new TextField("text", new String(Files.readAllBytes(file), StandardCharsets.UTF_8), Field.Store.NO));
                writer.addDocument(doc);
            }
        }
        IndexSearcher searcher = new IndexSearcher(DirectoryReader.open(directory));
        searcher.setSimilarity(new BM25Similarity());
        BooleanQuery.setMaxClauseCount(100000);
        try (BufferedReader queries = Files.newBufferedReader(Paths.get(args[1]), StandardCharsets.UTF_8)) {
            for (String line; (line = queries.readLine()) != null; ) {
                int tab = line.indexOf('\t');
                if (tab < 0) continue;
                String id = line.substring(0, tab);
                BooleanQuery query = new BooleanQuery();
                for (String term : terms(analyzer, line.substring(tab + 1))) {
                    query.add(new TermQuery(new Term("text", term)), BooleanClause.Occur.SHOULD);
                }
                ScoreDoc[] hits = searcher.search(query, 10).scoreDocs;
                for (int rank = 0; rank < hits.length; rank++) {
                    System.out.println(id + "\t" + (rank + 1) + "\t" + searcher.doc(hits[rank].doc).get("path"));
                }
            }
        }
    }

    static List<String> terms(Analyzer analyzer, String text) throws IOException {
        List<String> terms = new java.util.ArrayList<>();
        try (TokenStream stream = analyzer.tokenStream("text", new StringReader(text))) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) terms.add(term.toString());
            stream.end();
        }
        return terms;
    }
}
