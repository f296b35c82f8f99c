// Sums a wasm file's items by the crate their symbol names, from twiggy's CSV:
//   twiggy top -n 100000 --format csv target/wasm32-unknown-unknown/release/secondlook-app.wasm \
//     | node scripts/wasm-crates.mjs
// Needs a build that keeps names (the pre-wasm-opt file does). Shallow sizes, so the
// crate sums add up to the file. Also sums the formatting (Display/Debug) and drop code
// across crates, the usual suspects of code that does not pay for itself.
import { text } from 'node:stream/consumers';

const csv = await text(process.stdin);

/** Splits one CSV line, honouring quotes (symbol names hold commas). */
function cells(line) {
  const out = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted && c === '"' && line[i + 1] === '"') {
      cur += '"';
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/** The crate a symbol belongs to: the type's crate for `<T as Trait>` and generic wrappers. */
function crateOf(full) {
  const name = full.replace(/\[[0-9a-f]+\]/g, ''); // rustc's crate disambiguators
  if (/subsection/.test(name)) return '(name section: debug names, stripped by wasm-opt)';
  // A generic `<T as Trait>` belongs to the trait's crate; a primitive's method to core.
  if (/^<&?(mut )?[A-Z] as /.test(name)) return crateOf(name.replace(/^<&?(mut )?[A-Z] as /, ''));
  if (/^<&?(str|char|bool|[iuf](8|16|32|64|128|size)|\[)/.test(name)) return 'core';
  let n = name.replace(/^(core::ptr::drop_in_place|alloc::\w+::\w+|core::\w+::\w+)<(?=[&*\w<])/, '');
  n = n.replace(/^[<&*\s]+(mut\s+|const\s+|dyn\s+)?/, '');
  const m = n.match(/^([A-Za-z_][A-Za-z0-9_]*)::/);
  if (m) return m[1];
  if (/^(data|type|elem|global|table|memory)\b|^code\[/.test(name)) return `(${name.split(/[\[ ]/)[0]})`;
  if (/^__wbg|^__wbindgen|wasm_bindgen/.test(name)) return 'wasm_bindgen';
  return '(other)';
}

const lines = csv.trim().split('\n');
const header = cells(lines.shift());
const nameAt = header.indexOf('Name');
const sizeAt = header.indexOf('ShallowSize');
const crates = new Map();
const kinds = { 'fmt (Display/Debug impls)': 0, 'drop_in_place': 0, 'panic/unwind': 0 };
let total = 0;
for (const line of lines) {
  const row = cells(line);
  const name = row[nameAt];
  const size = Number(row[sizeAt]);
  if (!Number.isFinite(size)) continue;
  total += size;
  const c = crateOf(name);
  crates.set(c, (crates.get(c) ?? 0) + size);
  if (/as core::fmt::(Display|Debug)>::fmt/.test(name)) kinds['fmt (Display/Debug impls)'] += size;
  if (/drop_in_place/.test(name)) kinds.drop_in_place += size;
  if (/panic|unwind/.test(name)) kinds['panic/unwind'] += size;
}
const rows = [...crates].sort((a, b) => b[1] - a[1]);
const pct = (n) => ((100 * n) / total).toFixed(1).padStart(5);
console.log(`total ${total} bytes`);
for (const [c, size] of rows.slice(0, 40)) console.log(`${String(size).padStart(9)} ${pct(size)}%  ${c}`);
console.log('across crates:');
for (const [k, size] of Object.entries(kinds)) console.log(`${String(size).padStart(9)} ${pct(size)}%  ${k}`);
