//! `archivar serve`: a local web page and a JSON API over one opened index.
//!
//! What it does: answers `GET /api/search`, `/api/people`, `/api/topics`, `/api/timeline`,
//! `/api/article` and `/api/similar` with the same JSON shapes as the command line's `--json` (built by
//! [`crate::json`] from the results of [`crate::search`] — the server has no search logic of its
//! own), and serves the page in `assets/` (HTML, CSS and JavaScript compiled into the binary; no
//! CDN, works offline). Searches are CPU-bound and synchronous, so each runs on tokio's blocking
//! pool against the one [`ArchiveIndex`] opened at startup.
//!
//! Safety: it listens on loopback unless told `public`; every parameter is checked (a query or
//! name of at most [`MAX_TEXT_CHARS`] characters, `limit` at most [`MAX_LIMIT`], `offset` at most
//! [`MAX_OFFSET`]) and a bad one is answered with `400` and `{"error": "..."}`; an article is
//! found by its id in the index only, never by a path from the request; at most
//! [`ServeOptions::max_requests`] API requests run at once and the next ones get `503`; a panic
//! in a search becomes a `500`. No CORS header is sent unless an origin is configured. The page
//! builds its DOM with `textContent` only, and a Content-Security-Policy forbids inline scripts.
//!
//! What it does not do: build or update the index (the caller opens it, the CLI refreshes the
//! default one first), TLS, authentication, or writes of any kind.

use crate::index::{ArchiveIndex, ArticleId};
use crate::json;
use crate::search::facets::{self, Granularity};
use crate::search::{self, Filter, SearchError, SearchOptions};
use crate::search::{article, similar};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, Request, State};
use axum::http::header::{self, HeaderValue};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde::Deserialize;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::sync::Semaphore;

/// Longest query (or person name, or date) accepted, in characters.
pub const MAX_TEXT_CHARS: usize = 1_000;
/// Most results (people, topics) one request may ask for.
pub const MAX_LIMIT: usize = 100;
/// Furthest a search may page: beyond it the candidates to rank grow without use.
pub const MAX_OFFSET: usize = 10_000;
/// API requests that may run at once by default; more get `503`.
pub const DEFAULT_MAX_REQUESTS: usize = 64;
/// Threads for searches: more than the cores keeps a slow request from holding up quick ones.
const SEARCH_THREADS: usize = 8;

const INDEX_HTML: &str = include_str!("assets/index.html");
const APP_JS: &str = include_str!("assets/app.js");
const APP_CSS: &str = include_str!("assets/app.css");
const FAVICON_SVG: &str = include_str!("assets/favicon.svg");

/// The page may load only its own files and talk only to its own server.
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
    img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// How the server listens.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub addr: SocketAddr,
    /// Allow an address other than loopback.
    pub public: bool,
    /// The origin allowed by CORS (`Access-Control-Allow-Origin`), or none.
    pub cors: Option<String>,
    /// API requests running at once before the next ones get `503`.
    pub max_requests: usize,
}

/// Why the server could not start or stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(
        "{addr} is not a loopback address: add --public to serve to the network, or use 127.0.0.1"
    )]
    NotLoopback { addr: SocketAddr },
    #[error("--cors {origin:?} is not a valid origin (e.g. http://localhost:3000)")]
    BadOrigin { origin: String },
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("server error: {0}")]
    Io(#[from] std::io::Error),
}

/// Checks the options before anything is opened: a non-loopback address needs `public`.
pub fn check(options: &ServeOptions) -> Result<(), ServeError> {
    if !options.addr.ip().is_loopback() && !options.public {
        return Err(ServeError::NotLoopback { addr: options.addr });
    }
    cors_header(options)?;
    Ok(())
}

fn cors_header(options: &ServeOptions) -> Result<Option<HeaderValue>, ServeError> {
    options
        .cors
        .as_ref()
        .map(|origin| {
            HeaderValue::from_str(origin).map_err(|_| ServeError::BadOrigin {
                origin: origin.clone(),
            })
        })
        .transpose()
}

/// Serves `index` until Ctrl-C (or SIGTERM), then finishes the requests under way. `ready` is
/// called with the bound address (the port is chosen by the system for port 0).
pub fn serve(
    index: ArchiveIndex,
    options: &ServeOptions,
    ready: impl FnOnce(SocketAddr),
) -> Result<(), ServeError> {
    check(options)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .max_blocking_threads(SEARCH_THREADS)
        .enable_io()
        .build()?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(options.addr)
            .await
            .map_err(|source| ServeError::Bind {
                addr: options.addr,
                source,
            })?;
        ready(listener.local_addr()?);
        axum::serve(listener, router(Arc::new(index), options)?)
            .with_graceful_shutdown(shutdown_signal())
            .await?;
        Ok(())
    })
}

/// The routes, with the request limit on the API and the headers on every response.
pub fn router(index: Arc<ArchiveIndex>, options: &ServeOptions) -> Result<Router, ServeError> {
    let api = Router::new()
        .route("/api/search", get(api_search))
        .route("/api/people", get(api_people))
        .route("/api/topics", get(api_topics))
        .route("/api/timeline", get(api_timeline))
        .route("/api/article", get(api_article))
        .route("/api/similar", get(api_similar))
        .with_state(index)
        .layer(middleware::from_fn_with_state(
            Arc::new(Semaphore::new(options.max_requests)),
            limit,
        ));
    let cors = cors_header(options)?;
    Ok(Router::new()
        .route("/", get(|| asset("text/html; charset=utf-8", INDEX_HTML)))
        .route(
            "/app.js",
            get(|| asset("text/javascript; charset=utf-8", APP_JS)),
        )
        .route(
            "/app.css",
            get(|| asset("text/css; charset=utf-8", APP_CSS)),
        )
        .route("/favicon.svg", get(|| asset("image/svg+xml", FAVICON_SVG)))
        .merge(api)
        .fallback(|| async { ApiError::not_found("no such page") })
        .method_not_allowed_fallback(|| async {
            ApiError::new(StatusCode::METHOD_NOT_ALLOWED, "only GET is served")
        })
        .layer(middleware::from_fn(move |request, next| {
            headers(cors.clone(), request, next)
        })))
}

/// Answers `503` when all permits are taken by API requests under way.
pub async fn limit(
    State(permits): State<Arc<Semaphore>>,
    request: Request,
    next: Next,
) -> Response {
    match permits.try_acquire_owned() {
        Ok(_permit) => next.run(request).await,
        Err(_) => ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "too many requests at once: try again shortly",
        )
        .into_response(),
    }
}

async fn headers(cors: Option<HeaderValue>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    if let Some(origin) = cors {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        headers.insert(header::VARY, HeaderValue::from_static("Origin"));
    }
    response
}

async fn asset(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response()
}

async fn shutdown_signal() {
    let interrupt = async {
        // Without a handler Ctrl-C ends the process anyway, as before graceful shutdown.
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
}

/// An error answer: a status and `{"error": message}`.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    message: String,
}

impl ApiError {
    fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
        }
    }

    fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }

    fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, message)
    }
}

impl From<SearchError> for ApiError {
    fn from(error: SearchError) -> ApiError {
        match error {
            SearchError::Query(error) => ApiError::bad_request(error.to_string()),
            error => ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, error.to_string()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "error": self.message }).to_string();
        json_response(self.status, body.into_bytes())
    }
}

fn json_response(status: StatusCode, body: Vec<u8>) -> Response {
    (
        status,
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json; charset=utf-8"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        body,
    )
        .into_response()
}

/// The query string of every endpoint; each takes the parameters it needs.
#[derive(Debug, Default, Deserialize)]
pub struct Params {
    q: Option<String>,
    limit: Option<String>,
    offset: Option<String>,
    person: Option<String>,
    since: Option<String>,
    until: Option<String>,
    by: Option<String>,
    id: Option<String>,
    all_versions: Option<String>,
}

type Shared = State<Arc<ArchiveIndex>>;
type Parsed = Result<Query<Params>, QueryRejection>;

/// A text parameter: trimmed, `None` when absent or blank, and at most [`MAX_TEXT_CHARS`].
fn text<'a>(name: &str, value: &'a Option<String>) -> Result<Option<&'a str>, ApiError> {
    let Some(value) = value.as_deref().map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    if value.chars().count() > MAX_TEXT_CHARS {
        return Err(ApiError::bad_request(format!(
            "{name} is longer than {MAX_TEXT_CHARS} characters"
        )));
    }
    Ok(Some(value))
}

fn number(
    name: &str,
    value: &Option<String>,
    default: usize,
    max: usize,
) -> Result<usize, ApiError> {
    let Some(value) = value.as_deref().map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(default);
    };
    match value.parse::<usize>() {
        Ok(n) if n <= max => Ok(n),
        Ok(_) => Err(ApiError::bad_request(format!(
            "{name} may be at most {max}"
        ))),
        Err(_) => Err(ApiError::bad_request(format!(
            "{name} must be a whole number from 0 to {max}"
        ))),
    }
}

impl Params {
    fn from(parsed: Parsed) -> Result<Params, ApiError> {
        parsed
            .map(|Query(params)| params)
            .map_err(|rejection| ApiError::bad_request(rejection.body_text()))
    }

    fn query(&self) -> Result<Option<String>, ApiError> {
        Ok(text("q", &self.q)?.map(str::to_string))
    }

    fn required_query(&self) -> Result<String, ApiError> {
        self.query()?
            .ok_or_else(|| ApiError::bad_request("q is missing: give a query, e.g. q=Nato"))
    }

    fn limit(&self, default: usize) -> Result<usize, ApiError> {
        number("limit", &self.limit, default, MAX_LIMIT)
    }

    /// `all_versions`: `1` or `true` shows every version of a story, `0`, `false` or nothing
    /// each story once.
    fn all_versions(&self) -> Result<bool, ApiError> {
        match text("all_versions", &self.all_versions)? {
            None | Some("0") | Some("false") => Ok(false),
            Some("1") | Some("true") => Ok(true),
            Some(_) => Err(ApiError::bad_request(
                "all_versions must be 1 or true, 0 or false",
            )),
        }
    }

    /// The article an `id` parameter names; `404` for anything that is no id, since it cannot
    /// be in the index.
    fn article_id(&self) -> Result<ArticleId, ApiError> {
        let id = text("id", &self.id)?.ok_or_else(|| {
            ApiError::bad_request("id is missing: give an article id from a search result")
        })?;
        ArticleId::parse(id).ok_or_else(|| {
            ApiError::not_found("no such article: an id is 16 hex digits from a search result")
        })
    }

    /// The search options for the filters given, with the CLI's defaults otherwise.
    fn options(&self) -> Result<SearchOptions, ApiError> {
        let period = |name: &str, value: &Option<String>| {
            text(name, value)?
                .map(|text| {
                    text.parse().map_err(|error: crate::crawl::DateError| {
                        ApiError::bad_request(format!("{name}: {error}"))
                    })
                })
                .transpose()
        };
        Ok(SearchOptions {
            filter: Filter {
                person: text("person", &self.person)?.map(str::to_string),
                since: period("since", &self.since)?,
                until: period("until", &self.until)?,
            },
            ..SearchOptions::default()
        })
    }
}

/// Checks the parameters with `parse`, runs `work` on them on the blocking pool, and answers
/// with its JSON or its error.
async fn handle<R: Send + 'static>(
    index: Arc<ArchiveIndex>,
    params: Parsed,
    parse: impl FnOnce(Params) -> Result<R, ApiError>,
    work: impl FnOnce(&ArchiveIndex, R) -> Result<Vec<u8>, ApiError> + Send + 'static,
) -> Response {
    let request = match Params::from(params).and_then(parse) {
        Ok(request) => request,
        Err(error) => return error.into_response(),
    };
    match tokio::task::spawn_blocking(move || work(&index, request)).await {
        Ok(Ok(body)) => json_response(StatusCode::OK, body),
        Ok(Err(error)) => error.into_response(),
        Err(_) => ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the search failed unexpectedly",
        )
        .into_response(),
    }
}

fn to_json(value: &impl serde::Serialize) -> Result<Vec<u8>, ApiError> {
    serde_json::to_vec(value)
        .map_err(|error| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, error.to_string()))
}

async fn api_search(State(index): Shared, params: Parsed) -> Response {
    let parse = |params: Params| {
        let options = SearchOptions {
            limit: params.limit(SearchOptions::default().limit)?,
            offset: number("offset", &params.offset, 0, MAX_OFFSET)?,
            all_versions: params.all_versions()?,
            ..params.options()?
        };
        Ok((params.required_query()?, options))
    };
    handle(index, params, parse, |index, (query, options)| {
        to_json(&json::search(&search::search(index, &query, &options)?))
    })
    .await
}

async fn api_people(State(index): Shared, params: Parsed) -> Response {
    let parse = |params: Params| Ok((params.query()?, params.options()?, params.limit(20)?));
    handle(index, params, parse, |index, (query, options, limit)| {
        let people = facets::people(index, query.as_deref(), &options, limit)?;
        to_json(&json::people(query.as_deref(), &people))
    })
    .await
}

async fn api_topics(State(index): Shared, params: Parsed) -> Response {
    let parse = |params: Params| {
        Ok((
            params.required_query()?,
            params.options()?,
            params.limit(20)?,
        ))
    };
    handle(index, params, parse, |index, (query, options, limit)| {
        let topics = facets::topics(index, &query, &options, limit)?;
        to_json(&json::topics(&query, &topics))
    })
    .await
}

async fn api_timeline(State(index): Shared, params: Parsed) -> Response {
    let parse = |params: Params| {
        let by = match text("by", &params.by)? {
            None | Some("month") => Granularity::Month,
            Some("year") => Granularity::Year,
            Some(_) => return Err(ApiError::bad_request("by must be month or year")),
        };
        Ok((params.required_query()?, params.options()?, by))
    };
    handle(index, params, parse, |index, (query, options, by)| {
        let timeline = facets::timeline(index, &query, &options, by)?;
        to_json(&json::timeline(&query, &timeline))
    })
    .await
}

async fn api_article(State(index): Shared, params: Parsed) -> Response {
    let parse = |params: Params| Ok((params.article_id()?, params.query()?, params.options()?));
    handle(
        index,
        params,
        parse,
        |index, (id, query, options)| match article::article(index, id, query.as_deref(), &options)?
        {
            Some(article) => to_json(&json::article(&article)),
            None => Err(ApiError::not_found("no article with this id in the index")),
        },
    )
    .await
}

async fn api_similar(State(index): Shared, params: Parsed) -> Response {
    let parse = |params: Params| Ok((params.article_id()?, params.limit(10)?, params.options()?));
    handle(
        index,
        params,
        parse,
        |index, (id, limit, options)| match similar::similar(index, id, limit, &options)? {
            Some(found) => to_json(&json::similar(&found)),
            None => Err(ApiError::not_found("no article with this id in the index")),
        },
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};

    /// Serves `app` on a free loopback port and answers one raw GET with its status line.
    fn status_of(app: Router, path: &str) -> String {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .build()
            .unwrap();
        runtime.block_on(async {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let addr = listener.local_addr().unwrap();
            tokio::spawn(async move { axum::serve(listener, app).await });
            let path = path.to_string();
            tokio::task::spawn_blocking(move || {
                let mut stream = std::net::TcpStream::connect(addr).unwrap();
                write!(
                    stream,
                    "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                )
                .unwrap();
                let mut answer = String::new();
                stream.read_to_string(&mut answer).unwrap();
                answer.lines().next().unwrap_or_default().to_string()
            })
            .await
            .unwrap()
        })
    }

    fn limited(permits: usize) -> Router {
        Router::new()
            .route("/api/x", get(|| async { "fine" }))
            .layer(middleware::from_fn_with_state(
                Arc::new(Semaphore::new(permits)),
                limit,
            ))
    }

    #[test]
    fn busy_server_answers_503() {
        assert_eq!(
            status_of(limited(0), "/api/x"),
            "HTTP/1.1 503 Service Unavailable"
        );
        assert_eq!(status_of(limited(1), "/api/x"), "HTTP/1.1 200 OK");
    }

    #[test]
    fn loopback_only_unless_public() {
        let options = |addr: &str, public| ServeOptions {
            addr: addr.parse().unwrap(),
            public,
            cors: None,
            max_requests: 1,
        };
        assert!(check(&options("127.0.0.1:7700", false)).is_ok());
        assert!(check(&options("[::1]:7700", false)).is_ok());
        assert!(matches!(
            check(&options("0.0.0.0:7700", false)),
            Err(ServeError::NotLoopback { .. })
        ));
        assert!(check(&options("0.0.0.0:7700", true)).is_ok());
        let bad_origin = ServeOptions {
            cors: Some("http://x\n".into()),
            ..options("127.0.0.1:7700", false)
        };
        assert!(matches!(
            check(&bad_origin),
            Err(ServeError::BadOrigin { .. })
        ));
    }
}
