//! Request bodies sent compressed (SPEC G-5): `Content-Encoding` `gzip`,
//! `deflate` or `br` (in any stacking, `identity` ignored) is decoded before
//! anything reads the body. Decoding streams through the maintained
//! decoders of `flate2` and `brotli-decompressor` and stops one byte past the
//! limit, so a small compressed bomb never expands beyond it.

use std::io::Read;

use actix_web::web::Bytes;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("Content-Encoding {0:?} is not supported; use gzip, deflate, br or identity")]
    Unsupported(String),
    #[error("Request body does not decode as {encoding}: {reason}")]
    Corrupt { encoding: String, reason: String },
    #[error("Request body exceeds the limit of {0} bytes once decoded")]
    TooLarge(usize),
}

/// Decodes `body` sent with the `Content-Encoding` list `encodings` (the
/// last one applied is undone first); at most `max` bytes come out.
pub fn decode(encodings: &str, body: Bytes, max: usize) -> Result<Bytes, DecodeError> {
    let mut body = body;
    for coding in encodings.rsplit(',').map(|c| c.trim().to_ascii_lowercase()) {
        body = match coding.as_str() {
            "" | "identity" => body,
            "gzip" | "x-gzip" => {
                read_capped(flate2::read::MultiGzDecoder::new(&body[..]), &coding, max)?
            }
            "deflate" => {
                // HTTP's deflate is zlib-wrapped, but some clients send raw
                // deflate; a stream that is not zlib is tried as raw.
                match read_capped(flate2::read::ZlibDecoder::new(&body[..]), &coding, max) {
                    Err(DecodeError::Corrupt { .. }) => {
                        read_capped(flate2::read::DeflateDecoder::new(&body[..]), &coding, max)?
                    }
                    other => other?,
                }
            }
            "br" => read_capped(
                brotli_decompressor::Decompressor::new(&body[..], 4096),
                &coding,
                max,
            )?,
            other => return Err(DecodeError::Unsupported(other.to_string())),
        };
    }
    Ok(body)
}

fn read_capped(reader: impl Read, encoding: &str, max: usize) -> Result<Bytes, DecodeError> {
    let mut out = Vec::new();
    let limit = u64::try_from(max).unwrap_or(u64::MAX).saturating_add(1);
    reader
        .take(limit)
        .read_to_end(&mut out)
        .map_err(|e| DecodeError::Corrupt {
            encoding: encoding.to_string(),
            reason: e.to_string(),
        })?;
    if out.len() > max {
        return Err(DecodeError::TooLarge(max));
    }
    Ok(Bytes::from(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gzip(data: &[u8]) -> Bytes {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(data).expect("gzip");
        Bytes::from(e.finish().expect("gzip"))
    }

    fn zlib(data: &[u8]) -> Bytes {
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(data).expect("zlib");
        Bytes::from(e.finish().expect("zlib"))
    }

    fn raw_deflate(data: &[u8]) -> Bytes {
        let mut e = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(data).expect("deflate");
        Bytes::from(e.finish().expect("deflate"))
    }

    #[test]
    fn gzip_deflate_and_stacked_codings_decode_to_the_original() {
        // G-5
        let text = b"{\"urls\":[\"https://www.linkedin.com/in/a/\"]}";
        assert_eq!(decode("gzip", gzip(text), 1024).expect("gzip"), &text[..]);
        assert_eq!(
            decode("deflate", zlib(text), 1024).expect("zlib"),
            &text[..]
        );
        assert_eq!(
            decode("deflate", raw_deflate(text), 1024).expect("raw"),
            &text[..]
        );
        let twice = gzip(&zlib(text));
        assert_eq!(
            decode("deflate, gzip", twice, 1024).expect("stacked"),
            &text[..]
        );
        assert_eq!(
            decode("identity", Bytes::from_static(text), 1024).expect("id"),
            &text[..]
        );
    }

    #[test]
    fn a_compressed_bomb_stops_one_byte_past_the_limit() {
        // G-5: 64 MiB of zeros compress to ~64 KiB; decoding must not expand them.
        let bomb = gzip(&vec![0u8; 64 * 1024 * 1024]);
        assert!(bomb.len() < 200 * 1024);
        assert_eq!(
            decode("gzip", bomb, 1024 * 1024),
            Err(DecodeError::TooLarge(1024 * 1024))
        );
    }

    #[test]
    fn garbage_and_unknown_codings_are_refused_by_name() {
        // G-5: a body that does not decode → 400 upstream; unknown → 415.
        let e = decode("gzip", Bytes::from_static(b"not gzip"), 1024).unwrap_err();
        assert!(matches!(e, DecodeError::Corrupt { .. }), "{e:?}");
        let e = decode("br", Bytes::from_static(b"\xff\xff\xff\xff"), 1024).unwrap_err();
        assert!(matches!(e, DecodeError::Corrupt { .. }), "{e:?}");
        assert_eq!(
            decode("compress", Bytes::from_static(b"x"), 1024),
            Err(DecodeError::Unsupported("compress".into()))
        );
    }
}
