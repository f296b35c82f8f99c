// secondlook's review worker: builds the review of large inputs off the page's thread,
// so reading a 10 MB run or re-checking a 5 MB migration never freezes the page. It runs
// the page's own wasm: the page sends the compiled module and the address of its
// JavaScript glue, so nothing is downloaded or compiled twice.
//
// In:  first { glue: URL of the wasm-bindgen glue, module: WebAssembly.Module }, sent
//      as soon as the page expects large inputs so the wasm loads meanwhile; then
//      { inputs: Uint8Array of JSON }
// Out: { stage: text } while working, then { review: Uint8Array of JSON } (its buffer
//      transferred, not copied) or { error: text }; a panic in the wasm posts
//      { panic: text } (from its panic hook) before the error.
let ready = null;

self.onmessage = async ({ data }) => {
  try {
    if (data.glue) {
      ready = import(data.glue).then(async (bindings) => {
        await bindings.default({ module_or_path: data.module });
        return bindings;
      });
      // A failure is reported when the inputs come and wait for it, not now.
      ready.catch(() => {});
    }
    if (!data.inputs) return;
    const bindings = await ready;
    const review = bindings.review_in_worker(data.inputs, (stage) => self.postMessage({ stage }));
    self.postMessage({ review }, [review.buffer]);
  } catch (error) {
    self.postMessage({ error: String(error?.message ?? error) });
  }
};
