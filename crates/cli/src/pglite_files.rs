// The built app's files that are PGlite's (PostgreSQL in wasm): the proof worker, which
// scripts/post-build.sh bundles with PGlite's JavaScript, and PostgreSQL's wasm and data,
// each with the id of the element a single-file page carries it in. build.rs reads this
// file too: it embeds these only with the `pglite` feature.

/// The proof worker's script: (element id, file in the built app).
pub const SCRIPT: (&str, &str) = ("secondlook-proof-worker", "proof-worker.js");
/// PGlite's files, carried as base64: (element id, file in the built app).
pub const FILES: [(&str, &str); 3] = [
    ("secondlook-pglite-wasm", "pglite.wasm"),
    ("secondlook-initdb-wasm", "initdb.wasm"),
    ("secondlook-pglite-data", "pglite.data"),
];
