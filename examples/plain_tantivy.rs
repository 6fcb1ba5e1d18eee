//! Plain tantivy on archivar's files, for `bench/run` to print beside archivar: the project's
//! tantivy version with its default tokenizer and no archivar analysis, so the cost of
//! archivar's analysis and bookkeeping is measured in the same run, not remembered.
//!
//! Same shape as far as sensible: every `.txt` file under DIR is read, its first line is the
//! title and each block after a blank line a passage document carrying the title and the path
//! (a file of one line is one passage, titled by its file name as archivar titles it);
//! title and text are indexed with positions and stored (tantivy's `TEXT | STORED`). No
//! encoding detection, dates, persons, compounds or manifest.
//!
//! Usage: plain_tantivy DIR INDEX THREADS MEMORY_BYTES; prints one JSON line.

use std::path::Path;
use std::time::Instant;
use tantivy::schema::{Schema, STORED, STRING, TEXT};
use tantivy::{doc, Index, IndexWriter, TantivyDocument};

fn main() -> tantivy::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dir, index_dir, threads, memory] = args.as_slice() else {
        eprintln!("usage: plain_tantivy DIR INDEX THREADS MEMORY_BYTES");
        std::process::exit(2);
    };
    let (Ok(threads), Ok(memory)) = (threads.parse::<usize>(), memory.parse::<usize>()) else {
        eprintln!("plain_tantivy: THREADS and MEMORY_BYTES are numbers");
        std::process::exit(2);
    };
    let started = Instant::now();
    let mut builder = Schema::builder();
    let path_field = builder.add_text_field("path", STRING | STORED);
    let title_field = builder.add_text_field("title", TEXT | STORED);
    let text_field = builder.add_text_field("text", TEXT | STORED);
    let schema = builder.build();
    std::fs::create_dir_all(index_dir)?;
    let index = Index::create_in_dir(Path::new(index_dir), schema)?;
    let mut writer: IndexWriter<TantivyDocument> =
        index.writer_with_num_threads(threads, memory)?;
    let (mut files, mut documents, mut bytes) = (0u64, 0u64, 0u64);
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let Ok(entry) = entry else { continue };
        if entry.path().extension().is_none_or(|ext| ext != "txt") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(entry.path()) else {
            continue;
        };
        files += 1;
        bytes += text.len() as u64;
        let path = entry.path().to_string_lossy();
        let file_stem = entry
            .path()
            .file_stem()
            .and_then(|stem| stem.to_str())
            .unwrap_or("");
        let (mut title, body) = text.split_once('\n').unwrap_or((&text, ""));
        let mut passages: Vec<&str> = body
            .split("\n\n")
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        // A file of one line (as the gnad articles are) is one passage titled by its file
        // name, as archivar titles it: a title that repeats the text would index it twice.
        if passages.is_empty() {
            passages.push(title);
            title = file_stem;
        }
        for passage in passages {
            writer.add_document(doc!(
                path_field => path.as_ref(),
                title_field => title,
                text_field => passage,
            ))?;
            documents += 1;
        }
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    println!(
        "{{\"files\": {files}, \"documents\": {documents}, \"bytes\": {bytes}, \"elapsed_ms\": {}}}",
        started.elapsed().as_millis()
    );
    Ok(())
}
