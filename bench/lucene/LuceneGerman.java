// Lucene's German analyzer on archivar's files, for bench/run to print beside archivar: the
// analysis of Elasticsearch's `german` analyzer (Lucene 4.10's GermanAnalyzer: standard
// tokenizer, lower case, German stop words, German normalisation, light stemmer), so the
// peer that issue #17 names is measured in the same run, not remembered.
//
// Same shape as examples/plain_tantivy.rs: every `.txt` file under DIR is read, its first
// line is the title and each block after a blank line a passage document carrying the title
// and the path (a file of one line is one passage, titled by its file name as archivar titles
// it); title and text are analysed, indexed with
// positions and stored, the path stored as one term. THREADS threads add documents to one
// IndexWriter (Lucene writes a segment per thread); MEMORY_MB is its RAM buffer.
//
// Build and run (Debian: apt-get install liblucene4.10-java):
//   javac -cp /usr/share/java/lucene-core-4.10.4.jar:/usr/share/java/lucene-analyzers-common-4.10.4.jar -d OUT LuceneGerman.java
//   java -cp OUT:... LuceneGerman DIR INDEX THREADS MEMORY_MB
// Prints one JSON line.

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.lucene.analysis.de.GermanAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Version;

public class LuceneGerman {
    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: LuceneGerman DIR INDEX THREADS MEMORY_MB");
            System.exit(2);
        }
        long started = System.nanoTime();
        Path dir = Paths.get(args[0]);
        int threads = Integer.parseInt(args[2]);
        IndexWriterConfig config = new IndexWriterConfig(Version.LUCENE_4_10_4, new GermanAnalyzer());
        config.setOpenMode(IndexWriterConfig.OpenMode.CREATE);
        config.setRAMBufferSizeMB(Double.parseDouble(args[3]));
        config.setMaxThreadStates(Math.max(threads, 1));
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(p -> p.toString().endsWith(".txt") && Files.isRegularFile(p))
                    .sorted().collect(Collectors.toList());
        }
        AtomicLong documents = new AtomicLong(), bytes = new AtomicLong(), next = new AtomicLong();
        try (IndexWriter writer = new IndexWriter(FSDirectory.open(Paths.get(args[1]).toFile()), config)) {
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread worker = new Thread(() -> {
                    for (long i; (i = next.getAndIncrement()) < files.size(); ) {
                        try {
                            index(writer, files.get((int) i), documents, bytes);
                        } catch (IOException e) {
                            System.err.println("LuceneGerman: " + files.get((int) i) + ": " + e);
                        }
                    }
                });
                worker.start();
                workers.add(worker);
            }
            for (Thread worker : workers) worker.join();
            writer.commit();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("{\"files\":%d,\"documents\":%d,\"bytes\":%d,\"seconds\":%.3f}%n",
                files.size(), documents.get(), bytes.get(), seconds);
    }

    static void index(IndexWriter writer, Path file, AtomicLong documents, AtomicLong bytes) throws IOException {
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        bytes.addAndGet(text.length());
        int newline = text.indexOf('\n');
        String title = newline < 0 ? text : text.substring(0, newline);
        String body = newline < 0 ? "" : text.substring(newline + 1);
        List<String> passages = new ArrayList<>();
        for (String block : body.split("\n\n")) {
            String passage = block.trim();
            if (!passage.isEmpty()) passages.add(passage);
        }
        // A file of one line (as the gnad articles are) is one passage titled by its file
        // name, as archivar titles it: a title that repeats the text would index it twice.
        if (passages.isEmpty()) {
            passages.add(title);
            String name = file.getFileName().toString();
            title = name.endsWith(".txt") ? name.substring(0, name.length() - 4) : name;
        }
        String path = file.toString();
        for (String passage : passages) {
            Document doc = new Document();
            doc.add(new StringField("path", path, Field.Store.YES));
            doc.add(new TextField("title", title, Field.Store.YES));
            doc.add(new TextField("text", passage, Field.Store.YES));
            writer.addDocument(doc);
            documents.incrementAndGet();
        }
    }
}
