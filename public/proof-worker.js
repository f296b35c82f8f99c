// secondlook's proof worker: PostgreSQL (PGlite) in the reviewer's tab, running the
// core's proof plan off the page's thread. scripts/post-build.sh bundles this file
// with PGlite's JavaScript into dist/proof-worker.js; PGlite's wasm and data files sit
// beside it, or come in the first message when the page is one file.
//
// In:  { plan: JSON text of a proof Plan, assets?: { pglite, initdb, data } (base64
//      text of pglite.wasm, initdb.wasm and pglite.data, from a single-file bundle) }
// Out: { starting: true }, { migration: count }, { probe: index } as it goes, then
//      { executed: JSON text of the Executed } or { error: text }.
import { PGlite } from '@electric-sql/pglite';
import { execute } from './proof/execute.js';

self.onmessage = async ({ data }) => {
  try {
    self.postMessage({ starting: true });
    // A fresh, empty database per plan, in memory: nothing is kept between proofs.
    const db = await PGlite.create(data.assets ? await inlined(data.assets) : {});
    try {
      const executed = await execute(db, JSON.parse(data.plan), (progress) => self.postMessage(progress));
      self.postMessage({ executed: JSON.stringify(executed) });
    } finally {
      await db.close();
    }
  } catch (error) {
    self.postMessage({ error: String(error?.message ?? error) });
  }
};

// PGlite's own files, given instead of fetched: a page opened from file:// can fetch none.
async function inlined({ pglite, initdb, data }) {
  return {
    pgliteWasmModule: await WebAssembly.compile(bytes(pglite)),
    initdbWasmModule: await WebAssembly.compile(bytes(initdb)),
    fsBundle: new Blob([bytes(data)]),
  };
}

function bytes(base64) {
  return Uint8Array.fromBase64 ? Uint8Array.fromBase64(base64) : Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}
