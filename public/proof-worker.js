// secondlook's proof worker: PostgreSQL (PGlite) in the reviewer's tab, running the
// core's proof plan off the page's thread. scripts/post-build.sh bundles this file
// with PGlite's JavaScript into dist/proof-worker.js, a classic script; PGlite's wasm
// and data files sit beside it, or come in the message when the page is one file.
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
    const db = await PGlite.create(await files(data.assets));
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

// PGlite's own files, always given rather than left for PGlite to find: this script is
// a classic worker (a file:// page can start no module worker), which has no
// import.meta.url to find them by.
async function files(assets) {
  if (assets) {
    return {
      pgliteWasmModule: await WebAssembly.compile(bytes(assets.pglite)),
      initdbWasmModule: await WebAssembly.compile(bytes(assets.initdb)),
      fsBundle: new Blob([bytes(assets.data)]),
    };
  }
  const beside = async (name) => {
    const response = await fetch(new URL(name, self.location.href));
    if (!response.ok) throw new Error(`could not fetch ${name}: HTTP ${response.status}`);
    return response.arrayBuffer();
  };
  const [pglite, initdb, data] = await Promise.all(['pglite.wasm', 'initdb.wasm', 'pglite.data'].map(beside));
  return {
    pgliteWasmModule: await WebAssembly.compile(pglite),
    initdbWasmModule: await WebAssembly.compile(initdb),
    fsBundle: new Blob([data]),
  };
}

function bytes(base64) {
  return Uint8Array.fromBase64 ? Uint8Array.fromBase64(base64) : Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}
