//! JSON paths (`$.verifyGate.tests.testsSkipped`, `$.phases[2].name`) as the run's
//! messages and evidence write them, and where such a path's value sits in the text.

/// The path step for an object member: `.name`, or `["odd name"]` when the name is
/// not a plain identifier.
pub fn member(name: &str) -> String {
    let plain = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain {
        format!(".{name}")
    } else {
        format!("[{}]", serde_json::Value::from(name))
    }
}

pub use secondlook_review::run::Position;

/// Where the value at `path` starts in `text`, if the text is JSON and holds it.
/// Cheap enough to call per gate result: one pass, no allocation but the path.
pub fn locate(text: &str, path: &str) -> Option<Position> {
    let mut scan = Scanner {
        bytes: text.as_bytes(),
        at: 0,
        target: path,
    };
    let Step::Found(offset) = scan.value("$".to_string(), 0)? else {
        return None;
    };
    let before = text.get(..offset)?;
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Some(Position {
        line,
        column: offset - line_start + 1,
    })
}

/// Where the value at `path` starts, or else its nearest ancestor that the text has
/// (a field the run does not report points at the object that lacks it), with the
/// path found.
pub fn locate_nearest<'p>(text: &str, path: &'p str) -> Option<(Position, &'p str)> {
    let mut at = path;
    loop {
        if let Some(found) = locate(text, at) {
            return Some((found, at));
        }
        let parent = at.rfind(['.', '[']).and_then(|i| at.get(..i))?;
        at = parent;
    }
}

/// Deeper than serde_json's own recursion limit: such a file was refused already.
const MAX_DEPTH: usize = 130;

/// What scanning one value gave; `None` in its place means the text is not JSON.
enum Step {
    Found(usize),
    Skipped,
}

struct Scanner<'a> {
    bytes: &'a [u8],
    at: usize,
    target: &'a str,
}

impl Scanner<'_> {
    /// Scans the value at `self.at`, whose path is `path`, for the target.
    fn value(&mut self, path: String, depth: usize) -> Option<Step> {
        self.skip_space();
        if path == self.target {
            return Some(Step::Found(self.at));
        }
        let on_the_way = self.target.starts_with(path.as_str());
        match self.peek()? {
            b'{' if on_the_way && depth < MAX_DEPTH => {
                self.at += 1;
                loop {
                    self.skip_space();
                    if self.eat(b'}') {
                        return Some(Step::Skipped);
                    }
                    let name = self.string()?;
                    self.skip_space();
                    self.eat(b':').then_some(())?;
                    let child = format!("{path}{}", member(&name));
                    if let Step::Found(at) = self.value(child, depth + 1)? {
                        return Some(Step::Found(at));
                    }
                    self.after_item(b'}')?;
                }
            }
            b'[' if on_the_way && depth < MAX_DEPTH => {
                self.at += 1;
                let mut index = 0;
                loop {
                    self.skip_space();
                    if self.eat(b']') {
                        return Some(Step::Skipped);
                    }
                    if let Step::Found(at) = self.value(format!("{path}[{index}]"), depth + 1)? {
                        return Some(Step::Found(at));
                    }
                    index += 1;
                    self.after_item(b']')?;
                }
            }
            // Not on the way to the target: skip without building paths below.
            _ => self.skip_value(depth).map(|()| Step::Skipped),
        }
    }

    /// After an item: a comma, or the closing bracket (left for the loop to eat).
    fn after_item(&mut self, close: u8) -> Option<()> {
        self.skip_space();
        (self.eat(b',') || self.peek() == Some(close)).then_some(())
    }

    /// Skips one value; `None` when the text is not JSON.
    fn skip_value(&mut self, depth: usize) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.skip_space();
        match self.peek()? {
            b'"' => self.string().map(drop),
            open @ (b'{' | b'[') => {
                let close = if open == b'{' { b'}' } else { b']' };
                self.at += 1;
                loop {
                    self.skip_space();
                    if self.eat(close) {
                        return Some(());
                    }
                    if open == b'{' {
                        self.string()?;
                        self.skip_space();
                        self.eat(b':').then_some(())?;
                    }
                    self.skip_value(depth + 1)?;
                    self.after_item(close)?;
                }
            }
            _ => {
                let start = self.at;
                while self
                    .peek()
                    .is_some_and(|b| !matches!(b, b',' | b'}' | b']') && !b.is_ascii_whitespace())
                {
                    self.at += 1;
                }
                (self.at > start).then_some(())
            }
        }
    }

    /// Reads a string at `self.at` (escapes decoded by serde_json).
    fn string(&mut self) -> Option<String> {
        let rest = self.bytes.get(self.at..)?;
        if rest.first() != Some(&b'"') {
            return None;
        }
        let mut end = 1;
        loop {
            match rest.get(end)? {
                b'\\' => end += 2,
                b'"' => break,
                _ => end += 1,
            }
        }
        let raw = std::str::from_utf8(rest.get(..=end)?).ok()?;
        self.at += end + 1;
        serde_json::from_str(raw).ok()
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        let hit = self.peek() == Some(byte);
        if hit {
            self.at += 1;
        }
        hit
    }

    fn skip_space(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_whitespace()) {
            self.at += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn member_quotes_names_that_are_not_identifiers() {
        assert_eq!(member("testsSkipped"), ".testsSkipped");
        assert_eq!(member("odd name"), "[\"odd name\"]");
        assert_eq!(member("1st"), "[\"1st\"]");
    }

    #[test]
    fn locates_values_at_depth_and_in_arrays() {
        let text = "{\n  \"a\": {\"b\": [1, {\"c\": \"x\"}]},\n  \"d e\": true\n}";
        assert_eq!(
            locate(text, "$.a.b[1].c"),
            Some(Position {
                line: 2,
                column: 24
            })
        );
        assert_eq!(
            locate(text, "$[\"d e\"]"),
            Some(Position {
                line: 3,
                column: 10
            })
        );
        assert_eq!(locate(text, "$.a.b[2]"), None);
        assert_eq!(locate(text, "$.missing"), None);
    }

    #[test]
    fn locates_in_the_seed_run() {
        let at = locate(crate::demo::RUN, "$.verifyGate.tests.testsSkipped");
        assert_eq!(
            at,
            Some(Position {
                line: 32,
                column: 53
            })
        );
    }

    #[test]
    fn nearest_falls_back_to_the_ancestor_that_exists() {
        let text = "{\n  \"verifyGate\": {\"tests\": {}}\n}";
        let found = locate_nearest(text, "$.verifyGate.tests.testsSkipped");
        assert_eq!(
            found,
            Some((
                Position {
                    line: 2,
                    column: 27
                },
                "$.verifyGate.tests"
            ))
        );
        assert_eq!(locate_nearest("{}", "$.a.b").map(|f| f.1), Some("$"));
    }

    #[test]
    fn broken_json_locates_nothing_and_does_not_panic() {
        assert_eq!(locate("{\"a\": [1, 2", "$.b"), None);
        assert_eq!(locate("{\"a\": \"\\", "$.a.b"), None);
        assert_eq!(locate("[}", "$[1]"), None);
        assert_eq!(locate("{\"a\": [1,,2]}", "$.a[3]"), None);
    }
}
