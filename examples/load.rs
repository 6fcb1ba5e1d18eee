//! Load generator for `archivar serve` (run by `bench/load`): N clients, each on its own
//! keep-alive connection, send the queries of a `bench/queries.txt`-style file to
//! `/api/search` one after another until a total request count or a time limit is reached, and
//! one JSON line reports requests/s and latency percentiles.
//!
//! Loopback only: it refuses any address that is not 127.0.0.0/8 or ::1.
//!
//! Usage: load ADDR QUERIES CLIENTS MAX_REQUESTS MAX_SECONDS

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// `/api/search?...` for each query line: `class<TAB>query<TAB>options`; `--person`, `--since`
/// and `--until` become parameters (`--exact` has no API parameter and is left out).
fn paths(file: &str) -> Vec<String> {
    let mut paths = Vec::new();
    for line in file.lines() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let (query, options) = match fields.as_slice() {
            [_, query, options, ..] => (*query, *options),
            [_, query] => (*query, ""),
            [query] => (*query, ""),
            _ => continue,
        };
        let mut path = format!("/api/search?limit=10&q={}", encode(query));
        let words: Vec<&str> = options.split_whitespace().collect();
        let mut i = 0;
        while i < words.len() {
            let name = words[i].trim_start_matches("--");
            // A value runs to the next flag (a person may have two names).
            let mut value = Vec::new();
            i += 1;
            while i < words.len() && !words[i].starts_with("--") {
                value.push(words[i]);
                i += 1;
            }
            if matches!(name, "person" | "since" | "until") {
                path.push_str(&format!("&{name}={}", encode(&value.join(" "))));
            }
        }
        paths.push(path);
    }
    paths
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Sends one GET on a keep-alive connection and reads the whole answer; its status.
fn get(stream: &mut BufReader<TcpStream>, host: &str, path: &str) -> std::io::Result<u16> {
    // One write: a request in pieces would wait for delayed ACKs (Nagle), 40 ms each.
    let request =
        format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept: application/json\r\n\r\n");
    stream.get_mut().write_all(request.as_bytes())?;
    let mut line = String::new();
    stream.read_line(&mut line)?;
    let status = line
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or(0);
    let mut length = 0usize;
    loop {
        line.clear();
        if stream.read_line(&mut line)? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap_or(0);
            }
        }
    }
    let mut body = vec![0; length];
    stream.read_exact(&mut body)?;
    Ok(status)
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1].as_secs_f64() * 1000.0
}

fn connect(addr: SocketAddr) -> BufReader<TcpStream> {
    let stream = TcpStream::connect(addr).expect("connect to the server");
    stream.set_nodelay(true).expect("TCP_NODELAY");
    BufReader::new(stream)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [addr, queries, clients, max_requests, max_seconds] = args.as_slice() else {
        eprintln!("usage: load ADDR QUERIES CLIENTS MAX_REQUESTS MAX_SECONDS");
        std::process::exit(2);
    };
    let addr: SocketAddr = addr.parse().expect("ADDR is host:port");
    assert!(
        addr.ip().is_loopback(),
        "load sends traffic to loopback addresses only"
    );
    let paths = Arc::new(paths(
        &std::fs::read_to_string(queries).expect("the query file is readable"),
    ));
    let clients: usize = clients.parse().expect("CLIENTS is a number");
    let max_requests: usize = max_requests.parse().expect("MAX_REQUESTS is a number");
    let deadline =
        Instant::now() + Duration::from_secs_f64(max_seconds.parse().expect("MAX_SECONDS"));
    let sent = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let workers: Vec<_> = (0..clients)
        .map(|client| {
            let (paths, sent) = (Arc::clone(&paths), Arc::clone(&sent));
            std::thread::spawn(move || {
                let host = addr.to_string();
                let mut stream = connect(addr);
                let mut latencies = Vec::new();
                let mut failures = 0usize;
                // Each client starts elsewhere in the query list.
                let mut next = client * paths.len() / clients.max(1);
                while sent.fetch_add(1, Ordering::Relaxed) < max_requests
                    && Instant::now() < deadline
                {
                    let path = &paths[next % paths.len()];
                    next += 1;
                    let begun = Instant::now();
                    match get(&mut stream, &host, path) {
                        Ok(200) => latencies.push(begun.elapsed()),
                        Ok(_) => failures += 1,
                        Err(_) => {
                            failures += 1;
                            stream = connect(addr);
                        }
                    }
                }
                (latencies, failures)
            })
        })
        .collect();
    let mut latencies = Vec::new();
    let mut failures = 0;
    for worker in workers {
        let (mine, failed) = worker.join().expect("client thread");
        latencies.extend(mine);
        failures += failed;
    }
    let seconds = started.elapsed().as_secs_f64();
    latencies.sort_unstable();
    println!(
        "{{\"clients\": {clients}, \"requests\": {}, \"failures\": {failures}, \"seconds\": {seconds:.2}, \
         \"rps\": {:.1}, \"p50_ms\": {:.2}, \"p95_ms\": {:.2}, \"p99_ms\": {:.2}, \"max_ms\": {:.2}}}",
        latencies.len(),
        latencies.len() as f64 / seconds,
        percentile(&latencies, 50.0),
        percentile(&latencies, 95.0),
        percentile(&latencies, 99.0),
        percentile(&latencies, 100.0),
    );
}
