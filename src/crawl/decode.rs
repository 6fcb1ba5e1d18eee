//! From file bytes to text: decompression, binary detection, and character encodings.

use super::SkipReason;
use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};
use std::io::Read;

/// Decompresses gzip data, refusing output larger than `max_bytes`.
pub fn gunzip(bytes: &[u8], max_bytes: u64) -> Result<Vec<u8>, SkipReason> {
    let mut decoder = flate2::read::MultiGzDecoder::new(bytes).take(max_bytes + 1);
    let mut out = Vec::new();
    decoder
        .read_to_end(&mut out)
        .map_err(|error| SkipReason::BadCompression(error.to_string()))?;
    if out.len() as u64 > max_bytes {
        return Err(SkipReason::TooLarge {
            size: out.len() as u64,
        });
    }
    Ok(out)
}

/// Whether `bytes` start like gzip data.
pub fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x1f, 0x8b])
}

/// Decodes text: a byte-order mark decides first (UTF-8, UTF-16), then `declared` (an HTML
/// charset), then valid UTF-8, then the encoding detector (Windows-1252 for most German files).
/// Binary data and files without text are refused.
pub fn decode(bytes: &[u8], declared: Option<&'static Encoding>) -> Result<String, SkipReason> {
    if let Some((encoding, bom_length)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_length..]);
        return checked(
            text.into_owned(),
            encoding == UTF_16LE || encoding == UTF_16BE,
        );
    }
    if looks_binary(bytes) {
        return Err(SkipReason::Binary);
    }
    let encoding = match (declared, std::str::from_utf8(bytes)) {
        (_, Ok(text)) => return checked(text.to_string(), false),
        (Some(declared), Err(_)) if declared != UTF_8 => declared,
        _ => {
            let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
            detector.feed(bytes, true);
            detector.guess(Some(b"de"), Utf8Detection::Deny)
        }
    };
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    checked(text.into_owned(), false)
}

/// Refuses decoded text that is empty or, for UTF-16, full of control characters.
fn checked(text: String, utf16: bool) -> Result<String, SkipReason> {
    if text.trim().is_empty() {
        return Err(SkipReason::Empty);
    }
    if utf16 && looks_binary(text.as_bytes()) {
        return Err(SkipReason::Binary);
    }
    Ok(text)
}

/// A NUL byte or many control characters in the first 8 KiB mean the data is not text.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return true;
    }
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C))
        .count();
    control * 20 > head.len()
}

/// The charset an HTML document declares in its first 1024 bytes (`<meta charset=…>` or
/// `<meta http-equiv="Content-Type" content="…; charset=…">`).
pub fn html_declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    let at = head.find("charset=")? + "charset=".len();
    let label: String = head[at..]
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
        .collect();
    Encoding::for_label(label.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoding_table() {
        let utf16le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Außenminister".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let utf16be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("Außenminister".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        let table: Vec<(&[u8], Result<&str, SkipReason>)> = vec![
            (b"Au\xc3\x9fenminister", Ok("Außenminister")),
            (b"\xEF\xBB\xBFAu\xc3\x9fenminister", Ok("Außenminister")),
            (&utf16le, Ok("Außenminister")),
            (&utf16be, Ok("Außenminister")),
            (
                b"Die Au\xdfenminister f\xfcr \xc4nderungen",
                Ok("Die Außenminister für Änderungen"),
            ),
            (b"Stra\xdfe \x80 5", Ok("Straße € 5")),
            (b"", Err(SkipReason::Empty)),
            (b" \n\t\n", Err(SkipReason::Empty)),
            (b"\xEF\xBB\xBF", Err(SkipReason::Empty)),
            (b"PK\x03\x04\x00\x00binary", Err(SkipReason::Binary)),
        ];
        for (bytes, expected) in table {
            let expected = expected.map(str::to_string);
            assert_eq!(decode(bytes, None), expected, "decoding {bytes:?}");
        }
    }

    #[test]
    fn a_declared_charset_is_honoured() {
        let latin = b"<meta charset=\"iso-8859-1\"><p>Gr\xfc\xdfe</p>";
        let declared = html_declared_charset(latin);
        assert_eq!(declared.map(Encoding::name), Some("windows-1252"));
        assert!(decode(latin, declared).unwrap().contains("Grüße"));
        let http_equiv = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=UTF-8\">";
        assert_eq!(html_declared_charset(http_equiv), Some(UTF_8));
        assert_eq!(html_declared_charset(b"<p>no charset</p>"), None);
    }

    #[test]
    fn gzip_round_trip_and_truncation() {
        use flate2::write::GzEncoder;
        use std::io::Write;
        let mut encoder = GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all("Text über Wien".as_bytes()).unwrap();
        let compressed = encoder.finish().unwrap();
        assert!(is_gzip(&compressed));
        assert_eq!(
            gunzip(&compressed, 1000).unwrap(),
            "Text über Wien".as_bytes()
        );
        assert!(matches!(
            gunzip(&compressed, 5),
            Err(SkipReason::TooLarge { .. })
        ));
        let truncated = &compressed[..compressed.len() / 2];
        assert!(matches!(
            gunzip(truncated, 1000),
            Err(SkipReason::BadCompression(_))
        ));
    }
}
