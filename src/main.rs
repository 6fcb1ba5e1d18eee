//! The `archivar` command line.

mod cli;

use std::process::ExitCode;

/// mimalloc instead of the system's allocator: indexing hands millions of small buffers between
/// threads, and tantivy's postings table sits in memory it allocates (see docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    cli::run()
}
