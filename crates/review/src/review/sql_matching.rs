//! Which loaded SQL file stands for which file the run names: part of the review, made
//! by `Inputs` when it matches what was loaded to the run's `href`s.

use serde::{Deserialize, Serialize};

/// Which loaded SQL file stands for each file the run names by `href`, and which loaded
/// files stand for none.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SqlMatching {
    pub matched: Vec<SqlMatch>,
    /// The `href`s (resolved) that no loaded file stands for.
    pub missing: Vec<String>,
    /// Loaded SQL files that stand for no `href`: the review does not read them.
    pub unused: Vec<String>,
}

impl SqlMatching {
    /// The loaded file's name that stands for the `href` (resolved).
    pub fn loaded_for(&self, resolved: &str) -> Option<&str> {
        self.matched
            .iter()
            .find(|m| m.href == resolved)
            .map(|m| m.loaded.as_str())
    }

    /// The matches a reviewer should be told of: those under another name.
    pub fn renamed(&self) -> impl Iterator<Item = &SqlMatch> {
        self.matched
            .iter()
            .filter(|m| m.how != SqlMatchHow::SameName)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SqlMatch {
    /// The run's `href`, resolved against the run's name.
    pub href: String,
    /// The loaded file's name.
    pub loaded: String,
    pub how: SqlMatchHow,
}

impl SqlMatch {
    /// One sentence for the reviewer.
    pub fn sentence(&self) -> String {
        let why = match self.how {
            SqlMatchHow::SameName => "the same name",
            SqlMatchHow::SameFileName => "the same file name in another folder",
            SqlMatchHow::OnlyOne => {
                "the run names one file not loaded by its name, and this is the one SQL file left"
            }
        };
        format!("{} is used as {}: {why}", self.loaded, self.href)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SqlMatchHow {
    SameName,
    SameFileName,
    OnlyOne,
}
