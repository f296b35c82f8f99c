//! Text in the page's URL: percent-encoding, and the query's parameters read and
//! replaced, for the filters, the SQL search and the anchors that live there.

/// `query` with the parameters named in `keys` replaced by `ours` (values already
/// encoded; an empty one left out): other parameters stay as written and in order, ours
/// follow; an empty result is `""`, else it starts with `?`.
pub fn with_params<const N: usize>(
    query: &str,
    keys: &[&str],
    ours: [(&str, String); N],
) -> String {
    let query = query.strip_prefix('?').unwrap_or(query);
    let parts: Vec<String> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .filter(|p| {
            let key = p.split_once('=').map_or(*p, |(k, _)| k);
            !keys.contains(&decode(key).as_str())
        })
        .map(str::to_string)
        .chain(
            ours.into_iter()
                .filter(|(_, value)| !value.is_empty())
                .map(|(key, value)| format!("{key}={value}")),
        )
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("?{}", parts.join("&"))
    }
}

/// Raw `key=value` pairs, the key decoded, the value left for the caller (a list is
/// split before decoding, so an encoded comma stays inside its value).
pub fn pairs(query: &str) -> impl Iterator<Item = (String, String)> + '_ {
    query
        .strip_prefix('?')
        .unwrap_or(query)
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), v.to_string())
        })
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
pub fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Decodes `%XX` and `+` (a space, as forms write it); a malformed escape stays as
/// written, and bytes that are not UTF-8 become U+FFFD.
pub fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let escaped = (b == b'%')
            .then(|| bytes.get(i + 1..i + 3))
            .flatten()
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match (b, escaped) {
            (_, Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (b'+', None) => {
                out.push(b' ');
                i += 1;
            }
            (b, None) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_escapes_stay_as_written() {
        assert_eq!(decode("100%"), "100%");
        assert_eq!(decode("%zz%4"), "%zz%4");
        assert_eq!(decode("%C3%A9"), "é");
        assert_eq!(decode(&encode("é, ok")), "é, ok");
    }
}
