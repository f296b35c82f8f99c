//! What a bundled page or a shared link carries: the inputs as JSON (embedded in the
//! page, or deflated and base64url-encoded in a link's fragment), and the SHA-256 of each
//! input, so whoever opens a link learns when what loaded is not what was shared.
//! Pages and links are untrusted: every reader returns a message, never panics.

use base64::Engine;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use serde::Deserialize;
use serde_json::{Map, Value};

use std::borrow::Cow;

use crate::hash::sha256_hex;
use crate::inputs::{Inputs, MAX_FILE_BYTES, Named};

/// The `format` of the inputs JSON.
pub const FORMAT: &str = "secondlook-inputs/v1";

/// The longest `inputs=` fragment a link gets (32 KB). Browsers take longer URLs, but
/// chat tools, issue trackers and mail clients cut or refuse them well before.
pub const MAX_LINK_CHARS: usize = 32 * 1024;

/// Query parameters that start with this carry an input's SHA-256.
pub const HASH_PARAM_PREFIX: &str = "h.";

/// The shortest hash prefix a link may carry (64 bits) and still be checked.
const MIN_HASH_DIGITS: usize = 16;

const BASE64URL: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Wire {
    format: String,
    report: Option<WireFile>,
    run: Option<WireFile>,
    #[serde(default)]
    sql: Vec<WireFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WireFile {
    name: String,
    text: String,
}

impl From<WireFile> for Named {
    fn from(file: WireFile) -> Self {
        Named {
            name: file.name,
            text: file.text,
        }
    }
}

fn file_value(file: &Named) -> Value {
    let mut object = Map::new();
    object.insert("name".into(), Value::String(file.name.clone()));
    object.insert("text".into(), Value::String(file.text.clone()));
    Value::Object(object)
}

/// The inputs as `secondlook-inputs/v1` JSON.
pub fn to_json(inputs: &Inputs) -> String {
    let optional = |file: &Option<Named>| file.as_ref().map_or(Value::Null, file_value);
    let mut object = Map::new();
    object.insert("format".into(), Value::String(FORMAT.into()));
    object.insert("report".into(), optional(&inputs.report));
    object.insert("run".into(), optional(&inputs.run));
    object.insert(
        "sql".into(),
        Value::Array(inputs.sql.iter().map(file_value).collect()),
    );
    Value::Object(object).to_string()
}

/// Reads `secondlook-inputs/v1` JSON.
pub fn from_json(json: &str) -> Result<Inputs, String> {
    let wire: Wire =
        serde_json::from_str(json).map_err(|e| format!("the inputs are not {FORMAT} JSON: {e}"))?;
    if wire.format != FORMAT {
        return Err(format!(
            "the inputs are in format {:?}; this viewer reads {FORMAT}",
            wire.format
        ));
    }
    Ok(Inputs {
        report: wire.report.map(Named::from),
        run: wire.run.map(Named::from),
        sql: wire.sql.into_iter().map(Named::from).collect(),
        unread: Vec::new(),
        migrations: None,
    })
}

/// JSON for a `<script type="application/json">` element; `null` for the app with no
/// data. Every `<` is written `\u003c`, so no content can end the element (`</script>`)
/// or open the comment states (`<!--`) in which the parser would skip its real end.
pub fn script_json(inputs: Option<&Inputs>) -> String {
    inputs.map_or_else(|| "null".into(), |i| to_json(i).replace('<', "\\u003c"))
}

/// Reads what [`script_json`] wrote: `None` for the app with no data.
pub fn read_script_json(text: &str) -> Result<Option<Inputs>, String> {
    if text.trim() == "null" {
        return Ok(None);
    }
    from_json(text)
        .map(Some)
        .map_err(|why| format!("the inputs inside this page cannot be read: {why}"))
}

/// The `id` of the element in which a bundle names the hosted viewer its links open in.
pub const VIEWER_URL_ID: &str = "secondlook-viewer-url";

/// The element a bundle carries for `secondlook bundle --viewer-url URL`: a link copied
/// from a `file://` page only works on that disk, one made for the hosted viewer works
/// anywhere. Only an absolute http(s) address is taken.
pub fn viewer_url_element(url: &str) -> Result<String, String> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| format!("--viewer-url {url:?}: not an http(s) address"))?;
    if rest.is_empty() || rest.starts_with('/') || url.contains(['#', '"', '<', '>', ' ']) {
        return Err(format!(
            "--viewer-url {url:?}: not an address of a viewer (no host, or a #, quote, \
             angle bracket or space in it)"
        ));
    }
    Ok(format!(
        r#"<script type="application/json" id="{VIEWER_URL_ID}">{}</script>"#,
        serde_json::Value::from(url)
    ))
}

/// Inputs too big to travel in a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooBig {
    /// Characters the encoded inputs would take.
    pub chars: usize,
    pub limit: usize,
}

impl TooBig {
    pub fn message(&self) -> String {
        format!(
            "These inputs would make a link of {} KB; links stop at {} KB. Share one file \
             instead: `secondlook bundle --run RUN.json --report REPORT.md -o review.html` \
             writes the viewer with the inputs inside; it opens from a double-click, \
             with no server and no network.",
            self.chars.div_ceil(1024),
            self.limit / 1024
        )
    }
}

/// The inputs, deflated and base64url-encoded, for a link's `#inputs=` fragment.
pub fn encode_fragment(inputs: &Inputs) -> Result<String, TooBig> {
    let packed = miniz_oxide::deflate::compress_to_vec(to_json(inputs).as_bytes(), 9);
    let encoded = BASE64URL.encode(packed);
    if encoded.len() > MAX_LINK_CHARS {
        return Err(TooBig {
            chars: encoded.len(),
            limit: MAX_LINK_CHARS,
        });
    }
    Ok(encoded)
}

/// Reads what [`encode_fragment`] wrote.
pub fn decode_fragment(encoded: &str) -> Result<Inputs, String> {
    let damaged = |why: String| {
        format!("the inputs in this link are damaged ({why}); ask for the link again")
    };
    let packed = BASE64URL
        .decode(encoded.trim())
        .map_err(|e| damaged(format!("not base64url: {e}")))?;
    let limit = usize::try_from(MAX_FILE_BYTES).unwrap_or(usize::MAX);
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, limit)
        .map_err(|e| damaged(format!("cannot inflate: {e}")))?;
    let text = String::from_utf8(json).map_err(|e| damaged(format!("not UTF-8: {e}")))?;
    from_json(&text).map_err(damaged)
}

/// Each loaded input with its hash parameter name and how to call it.
fn hashed_inputs(inputs: &Inputs) -> Vec<(String, String, Cow<'_, str>)> {
    let mut all = Vec::new();
    if let Some(report) = &inputs.report {
        let label = format!("report ({})", report.name);
        all.push(("h.report".to_string(), label, report.text.as_str().into()));
    }
    if let Some(run) = &inputs.run {
        let label = format!("run file ({})", run.name);
        all.push(("h.run".to_string(), label, run.text.as_str().into()));
    }
    for sql in &inputs.sql {
        let name = file_name(&sql.name);
        let label = format!("SQL file {name}");
        all.push((format!("h.sql.{name}"), label, sql.text.as_str().into()));
    }
    // A folder is one input: what it runs, each file's path and text, in run order.
    if let Some(folder) = &inputs.migrations {
        let selected = &folder.selected;
        let text: String = (selected.baseline.iter())
            .chain(&selected.migration)
            .flat_map(|m| [m.path.as_str(), "\0", m.text.as_str(), "\0"])
            .collect();
        let label = format!("migrations folder {}", folder.name);
        all.push(("h.migrations".to_string(), label, text.into()));
    }
    all
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The SHA-256 parameters a link carries: `h.report`, `h.run`, `h.sql.<file name>` and
/// `h.migrations` (over the files a migrations folder runs, each path and text).
pub fn hash_params(inputs: &Inputs) -> Vec<(String, String)> {
    hashed_inputs(inputs)
        .into_iter()
        .map(|(key, _, text)| (key, sha256_hex(text.as_bytes())))
        .collect()
}

/// Where what loaded differs from what a link was made from, one sentence per input,
/// naming it. `params` are the link's query parameters; only `h.*` ones count, and a
/// link with none of them is not checked.
pub fn hash_mismatches(params: &[(String, String)], loaded: &Inputs) -> Vec<String> {
    let shared: Vec<&(String, String)> = params
        .iter()
        .filter(|(key, _)| key.starts_with(HASH_PARAM_PREFIX))
        .collect();
    if shared.is_empty() {
        return Vec::new();
    }
    let present = hashed_inputs(loaded);
    let mut problems: Vec<String> = shared
        .iter()
        .filter_map(|(key, hex)| {
            // SQL files in different folders can share a file name, and so a key: the
            // link's hash must match one of them.
            let named: Vec<&str> = present
                .iter()
                .filter(|(k, _, _)| k == key)
                .map(|(_, _, text)| text.as_ref())
                .collect();
            let (Some((_, label, _)), Some(text)) =
                (present.iter().find(|(k, _, _)| k == key), named.first())
            else {
                return Some(format!("The link names {key}, but no such input loaded."));
            };
            let expected = hex.to_ascii_lowercase();
            if expected.len() < MIN_HASH_DIGITS
                || expected.len() > 64
                || !expected.bytes().all(|b| b.is_ascii_hexdigit())
            {
                return Some(format!(
                    "The link's {key} is not a SHA-256 (16 to 64 hex digits), so the {label} \
                     cannot be checked against what was shared."
                ));
            }
            let matches = |t: &&str| sha256_hex(t.as_bytes()).starts_with(&expected);
            let actual = sha256_hex(text.as_bytes());
            (!named.iter().any(matches)).then(|| {
                format!(
                    "The {label} differs from the one that was shared: its SHA-256 starts {}, \
                     the link says {}.",
                    actual.get(..16).unwrap_or(&actual),
                    expected.get(..16).unwrap_or(&expected),
                )
            })
        })
        .collect();
    problems.extend(
        present
            .iter()
            .filter(|(key, _, _)| !shared.iter().any(|(k, _)| k == key))
            .map(|(_, label, _)| {
                format!("The {label} loaded, but the link carries no SHA-256 for it.")
            }),
    );
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(name: &str, text: &str) -> Named {
        Named {
            name: name.into(),
            text: text.into(),
        }
    }

    #[test]
    fn sql_files_sharing_a_file_name_match_their_own_hashes() {
        // Found by the share_decoder fuzz target's round-trip check.
        let inputs = Inputs {
            report: None,
            run: None,
            sql: vec![
                named("a/0001.sql", "SELECT 1;"),
                named("b/0001.sql", "SELECT 2;"),
            ],
            ..Inputs::default()
        };
        assert_eq!(
            hash_mismatches(&hash_params(&inputs), &inputs),
            Vec::<String>::new()
        );
        let mut changed = inputs.clone();
        if let Some(file) = changed.sql.get_mut(1) {
            file.text = "SELECT 3;".into();
        }
        let problems = hash_mismatches(&hash_params(&inputs), &changed);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems
                .iter()
                .all(|p| p.contains("SQL file 0001.sql differs")),
            "{problems:?}"
        );
    }

    /// Text that deflate cannot shrink much: a linear congruential generator's letters.
    fn noise(len: usize) -> String {
        let mut state: u32 = 12345;
        (0..len)
            .map(|_| {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12345);
                char::from(b'a' + u8::try_from((state >> 16) % 26).unwrap())
            })
            .collect()
    }

    #[test]
    fn the_seed_travels_in_a_link_and_comes_back_the_same() {
        let inputs = Inputs::demo();
        let encoded = encode_fragment(&inputs).expect("the seed fits in a link");
        assert!(
            encoded
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
        assert_eq!(decode_fragment(&encoded), Ok(inputs));
    }

    #[test]
    fn inputs_too_big_for_a_link_say_so_and_point_at_the_bundle() {
        let inputs = Inputs {
            report: Some(named("big.md", &noise(60_000))),
            ..Inputs::default()
        };
        let too_big = encode_fragment(&inputs).unwrap_err();
        assert!(too_big.chars > MAX_LINK_CHARS);
        assert_eq!(too_big.limit, MAX_LINK_CHARS);
        assert!(too_big.message().contains("secondlook bundle"));
    }

    #[test]
    fn garbage_links_are_refused_with_a_message() {
        let deflated = |text: &str| {
            BASE64URL.encode(miniz_oxide::deflate::compress_to_vec(text.as_bytes(), 6))
        };
        let cases = [
            ("".to_string(), "cannot inflate"),
            ("!!not base64!!".to_string(), "not base64url"),
            ("AAAA".to_string(), "cannot inflate"),
            (BASE64URL.encode([0xff, 0xfe, 0x00]), "cannot inflate"),
            (deflated("not json"), "not secondlook-inputs/v1 JSON"),
            (deflated(r#"{"format":"other/v9"}"#), "format \"other/v9\""),
            (
                deflated(r#"{"format":"secondlook-inputs/v1","run":7}"#),
                "JSON",
            ),
            (
                BASE64URL.encode(miniz_oxide::deflate::compress_to_vec(&[0xc3, 0x28], 6)),
                "not UTF-8",
            ),
        ];
        for (link, expected) in cases {
            let why = decode_fragment(&link).unwrap_err();
            assert!(why.contains(expected), "{link:?}: {why}");
            assert!(why.contains("ask for the link again"), "{why}");
        }
    }

    #[test]
    fn cut_or_random_links_never_panic() {
        let whole = encode_fragment(&Inputs::demo()).unwrap();
        for end in (0..whole.len()).step_by(97) {
            assert!(
                decode_fragment(whole.get(..end).unwrap()).is_err(),
                "cut at {end}"
            );
        }
        let noise = noise(4000);
        for len in [1, 2, 3, 5, 64, 500, 4000] {
            let bytes = noise.get(..len).unwrap().as_bytes();
            assert!(decode_fragment(&BASE64URL.encode(bytes)).is_err());
            assert!(decode_fragment(noise.get(..len).unwrap()).is_err());
        }
    }

    #[test]
    fn a_link_cannot_inflate_past_the_file_limit() {
        let limit = usize::try_from(MAX_FILE_BYTES).unwrap();
        let bomb = BASE64URL.encode(miniz_oxide::deflate::compress_to_vec(
            &vec![b' '; limit + 1],
            9,
        ));
        assert!(
            decode_fragment(&bomb)
                .unwrap_err()
                .contains("cannot inflate")
        );
    }

    #[test]
    fn embedded_json_cannot_end_its_script_element() {
        let inputs = Inputs {
            report: Some(named("r.md", "<!--<script></script></SCRIPT>")),
            ..Inputs::default()
        };
        let json = script_json(Some(&inputs));
        assert!(!json.contains('<'));
        assert_eq!(read_script_json(&json), Ok(Some(inputs)));
        assert_eq!(read_script_json(&script_json(None)), Ok(None));
        assert!(
            read_script_json("{")
                .unwrap_err()
                .contains("inside this page")
        );
    }

    #[test]
    fn hashes_name_the_input_that_changed() {
        let shared = Inputs::demo();
        let params = hash_params(&shared);
        let keys: Vec<&str> = params.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["h.report", "h.run", "h.sql.0000_money_core.sql"]);
        assert_eq!(hash_mismatches(&params, &shared), Vec::<String>::new());

        let mut tampered = shared.clone();
        if let Some(report) = tampered.report.as_mut() {
            report.text.push_str("\nAll good, ship it.\n");
        }
        let problems = hash_mismatches(&params, &tampered);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].starts_with("The report ("), "{problems:?}");
        assert!(problems[0].contains("differs"));
    }

    #[test]
    fn short_prefixes_count_and_malformed_or_missing_hashes_are_named() {
        let shared = Inputs::demo();
        let mut params = hash_params(&shared);
        for (_, hex) in &mut params {
            hex.truncate(16);
        }
        assert!(hash_mismatches(&params, &shared).is_empty());

        let mut without_sql = shared.clone();
        without_sql.sql.clear();
        let problems = hash_mismatches(&params, &without_sql);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].contains("h.sql.0000_money_core.sql"));

        let bad = vec![("h.run".to_string(), "zz".to_string())];
        let problems = hash_mismatches(&bad, &shared);
        assert!(problems[0].contains("not a SHA-256"), "{problems:?}");
        // The report and SQL loaded without a hash in a link that carries hashes.
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(hash_mismatches(&[("view".into(), "sql".into())], &shared).is_empty());
    }

    #[test]
    fn a_viewer_url_is_kept_only_when_it_is_an_http_address() {
        assert_eq!(
            viewer_url_element(" https://ci.example/viewer/ ").unwrap(),
            r#"<script type="application/json" id="secondlook-viewer-url">"https://ci.example/viewer/"</script>"#
        );
        for bad in [
            "file:///tmp/viewer",
            "javascript:alert(1)",
            "https://",
            "https:///path",
            "https://x/</script>",
            "https://x/#inputs=",
        ] {
            assert!(viewer_url_element(bad).is_err(), "{bad}");
        }
    }
}
