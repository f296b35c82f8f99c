//! The safe URL policy. Report content is untrusted, so every href and image source the
//! render tree carries has passed through here.
//!
//! Links may be `http:`, `https:`, `mailto:`, relative paths or `#anchors` (`//host/x`
//! counts as an http(s) link to another site, which a click may follow); any other
//! scheme (`javascript:`, `data:`, `vbscript:`, `file:`, ...) makes the link inert. The
//! check runs on the URL after pulldown-cmark has decoded entities, and on the same
//! cleaned string that is handed to the view: browsers drop tabs and newlines anywhere in
//! a URL and control characters and spaces at its ends, so we drop them too before
//! reading the scheme (`jav&#x09;ascript:` and ` JaVaScRiPt:` are both caught). Any `:`
//! before the first `/`, `?` or `#` counts as a scheme, even one a browser would reject,
//! so an odd scheme can only make a link inert, never let it through.
//!
//! Images load without a click, so they may only be relative (same origin): no scheme,
//! and no `//host` (or its backslash spellings).

const LINK_SCHEMES: &[&str] = &["http", "https", "mailto"];

/// The href a link may carry, or `None` when the link must be inert.
pub fn safe_href(url: &str) -> Option<String> {
    let url = clean(url)?;
    match scheme(&url) {
        None => Some(url),
        Some(s) if LINK_SCHEMES.iter().any(|a| s.eq_ignore_ascii_case(a)) => Some(url),
        Some(_) => None,
    }
}

/// The source an image may load from, or `None` when only its alt text may be shown.
pub fn safe_image_src(url: &str) -> Option<String> {
    let url = clean(url)?;
    let mut start = url.chars().take(2);
    let network_path = start.all(|c| c == '/' || c == '\\') && url.chars().count() >= 2;
    (scheme(&url).is_none() && !network_path).then_some(url)
}

/// Where `[[Page#Heading]]` points, relative to the report's own folder `base_dir`
/// (empty, or ending in `/`): `Page.md#heading`. A target with its own scheme is
/// judged by [`safe_href`] first, so `[[javascript:...]]` stays inert.
pub fn wikilink_href(target: &str, base_dir: &str) -> Option<String> {
    safe_href(target)?;
    let (page, heading) = match target.split_once('#') {
        Some((page, heading)) => (page.trim(), Some(heading.trim())),
        None => (target.trim(), None),
    };
    let fragment = heading
        .map(|h| format!("#{}", crate::report::slug::slugify(h)))
        .unwrap_or_default();
    if page.is_empty() {
        return safe_href(&fragment);
    }
    let file_name = page.rsplit('/').next().unwrap_or(page);
    let extension = if file_name.contains('.') { "" } else { ".md" };
    safe_href(&format!(
        "{}{}{extension}{fragment}",
        encode_path(base_dir),
        encode_path(page)
    ))
}

/// Drops what browsers drop; `None` for an empty URL (an empty href is the page itself).
fn clean(url: &str) -> Option<String> {
    let url: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    if url.is_empty() || url.chars().any(char::is_control) {
        return None;
    }
    Some(url)
}

fn scheme(url: &str) -> Option<&str> {
    let end = url.find([':', '/', '?', '#'])?;
    url.get(end..)?
        .starts_with(':')
        .then(|| url.get(..end))
        .flatten()
}

/// Percent-encodes a path, keeping `/`; a `:` is encoded so no part can read as a scheme
/// (nor `&`, `=`, `#` or `?` as a link's query or fragment).
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/()".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allowed_links_pass_unchanged() {
        for url in [
            "https://example.com/a?b#c",
            "HTTP://example.com",
            "mailto:a@example.com",
            "../notes/page.md",
            "page.md",
            "#finding-FK-010",
            "/absolute/path",
            "?query",
        ] {
            assert_eq!(safe_href(url).as_deref(), Some(url), "{url}");
        }
    }

    #[test]
    fn hostile_schemes_are_inert_however_spelled() {
        for url in [
            "javascript:alert(1)",
            " JaVaScRiPt:alert(1)",
            "jav\tascript:alert(1)",
            "java\nscript:alert(1)",
            "\u{1}javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox(1)",
            "file:///etc/passwd",
            "weird+scheme:x",
            "",
            "   ",
            "java\u{0}script:alert(1)",
        ] {
            assert_eq!(safe_href(url), None, "{url:?}");
        }
    }

    #[test]
    fn colon_after_a_path_separator_is_not_a_scheme() {
        assert_eq!(safe_href("./a:b").as_deref(), Some("./a:b"));
        assert_eq!(safe_href("#x:y").as_deref(), Some("#x:y"));
    }

    #[test]
    fn images_only_from_the_same_origin() {
        assert_eq!(safe_image_src("img/a.png").as_deref(), Some("img/a.png"));
        assert_eq!(safe_image_src("/img/a.png").as_deref(), Some("/img/a.png"));
        for url in [
            "https://tracker.example/pixel.gif",
            "//tracker.example/pixel.gif",
            "\\\\tracker.example/pixel.gif",
            "/\\tracker.example/pixel.gif",
            "data:image/svg+xml,<svg onload=alert(1)>",
            "javascript:alert(1)",
        ] {
            assert_eq!(safe_image_src(url), None, "{url}");
        }
    }

    #[test]
    fn wikilinks_resolve_next_to_the_report() {
        assert_eq!(
            wikilink_href("Postgres Runtime Cutover Status", "notes/audit/").as_deref(),
            Some("notes/audit/Postgres%20Runtime%20Cutover%20Status.md")
        );
        assert_eq!(
            wikilink_href("Plan#Rollback Steps", "").as_deref(),
            Some("Plan.md#rollback-steps")
        );
        assert_eq!(wikilink_href("#Local", "").as_deref(), Some("#local"));
        assert_eq!(
            wikilink_href("diagram.png", "").as_deref(),
            Some("diagram.png")
        );
        assert_eq!(wikilink_href("javascript:alert(1)", ""), None);
        assert_eq!(wikilink_href("a:b", "x/"), None);
    }
}
