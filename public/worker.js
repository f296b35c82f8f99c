// secondlook's review worker: builds the review of large inputs off the page's thread,
// so reading a 10 MB run or re-checking a 5 MB migration never freezes the page. It runs
// the page's own wasm: the page sends the compiled module and the address of its
// JavaScript glue, so nothing is downloaded or compiled twice.
//
// In:  { glue: URL of the wasm-bindgen glue, module: WebAssembly.Module,
//        inputs: Uint8Array of JSON }
// Out: { stage: text } while working, then { review: Uint8Array of JSON } (its buffer
//      transferred, not copied) or { error: text }; a panic in the wasm posts
//      { panic: text } (from its panic hook) before the error.
self.onmessage = async ({ data }) => {
  try {
    const bindings = await import(data.glue);
    await bindings.default({ module_or_path: data.module });
    const review = bindings.review_in_worker(data.inputs, (stage) => self.postMessage({ stage }));
    self.postMessage({ review }, [review.buffer]);
  } catch (error) {
    self.postMessage({ error: String(error?.message ?? error) });
  }
};
