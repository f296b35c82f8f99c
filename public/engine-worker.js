// secondlook's engine worker: the review engine (crates/engine, its own wasm) runs here,
// off the page's thread, so the page's wasm holds only the views and a 10 MB run or a
// 5 MB migration never freezes it. Classic, not a module: a page opened from file://
// (a single-file bundle) can start only a classic worker, from a blob that carries the
// engine's glue before this script.
//
// In:  first { init: { glue: URL of the engine's wasm-bindgen glue (absent when the
//      blob carries it), wasm: its wasm's URL, or wasmBase64: the wasm itself } }, sent
//      as soon as the page starts; then { id, bytes } for each call: a request as the
//      core's review::engine::Request spells it. This script only moves bytes.
// Out: { id, stage: text } while reviewing; then { id, result: Uint8Array } (its buffer
//      transferred, not copied) or { id, error: text }. A panic in the wasm posts
//      { panic: text } (from its panic hook) before the call's error.
let ready = null;

self.onmessage = async ({ data }) => {
  if (data.init) {
    ready = (async () => {
      if (typeof wasm_bindgen === "undefined") importScripts(data.init.glue);
      const { wasm, wasmBase64 } = data.init;
      const bytes = wasmBase64 && Uint8Array.from(atob(wasmBase64), (c) => c.charCodeAt(0));
      await wasm_bindgen({ module_or_path: bytes ?? wasm });
      return wasm_bindgen;
    })();
    // A failure is reported to the calls that wait for it, not now.
    ready.catch(() => {});
    return;
  }
  try {
    const engine = await ready;
    const result = engine.answer(data.bytes, (stage) => self.postMessage({ id: data.id, stage }));
    self.postMessage({ id: data.id, result }, [result.buffer]);
  } catch (error) {
    self.postMessage({ id: data.id, error: String(error?.message ?? error) });
  }
};
