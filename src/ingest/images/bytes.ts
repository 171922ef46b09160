// Small readers over untrusted bytes: every read is bounds-checked and answers undefined past the end,
// so a cut-short or hostile header can never throw a RangeError or read outside the file.

export function u8(b: Uint8Array, at: number): number | undefined {
  return at >= 0 && at < b.length ? b[at] : undefined;
}

export function u16(b: Uint8Array, at: number, little: boolean): number | undefined {
  const x = u8(b, at);
  const y = u8(b, at + 1);
  if (x === undefined || y === undefined) return undefined;
  return little ? x | (y << 8) : (x << 8) | y;
}

export function u24le(b: Uint8Array, at: number): number | undefined {
  const lo = u16(b, at, true);
  const hi = u8(b, at + 2);
  return lo === undefined || hi === undefined ? undefined : lo + hi * 0x10000;
}

export function u32(b: Uint8Array, at: number, little: boolean): number | undefined {
  const a = u16(b, at, little);
  const c = u16(b, at + 2, little);
  if (a === undefined || c === undefined) return undefined;
  return little ? a + c * 0x10000 : a * 0x10000 + c;
}

export function ascii(b: Uint8Array, start: number, end: number): string {
  let out = '';
  for (let i = start; i < Math.min(end, b.length); i++) out += String.fromCharCode(b[i] ?? 0);
  return out;
}

/** The first index of an ASCII string at or after `from`, or -1. */
export function indexOfAscii(b: Uint8Array, needle: string, from = 0, to = b.length): number {
  const first = needle.charCodeAt(0);
  const end = Math.min(to, b.length) - needle.length;
  outer: for (let i = b.indexOf(first, from); i !== -1 && i <= end; i = b.indexOf(first, i + 1)) {
    for (let j = 1; j < needle.length; j++) if (b[i + j] !== needle.charCodeAt(j)) continue outer;
    return i;
  }
  return -1;
}
