//! Shared by the CLI's tests: the built binary, run as a user runs it.

use std::process::{Command, Output};

pub fn secondlook(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_secondlook"))
        .args(args)
        .output()
        .unwrap()
}
