// File type detection by content: magic bytes first, then text sniffing, the extension only as a
// tie-breaker. Names lie (a ".pdf" that is HTML, a ".txt" that is Markdown), and the ingest worker
// must route each file to the right parser, or fail it with a clear reason, before parsing.

export type DetectedKind =
  | 'pdf'
  | 'docx'
  | 'html'
  | 'markdown'
  | 'text'
  | 'image'
  | 'audio'
  | 'video'
  | 'office-other'
  | 'zip'
  | 'binary';

export interface DetectedType {
  readonly kind: DetectedKind;
  readonly mime: string;
  /** What the file is, in words, for messages ("a PNG image", "an Excel workbook"). */
  readonly label: string;
}

const SNIFF_BYTES = 64 * 1024;

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + signature.length) return false;
  return signature.every((b, i) => bytes[offset + i] === b);
}

function ascii(bytes: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...bytes.subarray(start, Math.min(end, bytes.length)));
}

/** Finds an ASCII string in the bytes (ZIP entry names are stored in plain ASCII). */
function containsAscii(bytes: Uint8Array, needle: string): boolean {
  const first = needle.charCodeAt(0);
  outer: for (let i = bytes.indexOf(first); i !== -1; i = bytes.indexOf(first, i + 1)) {
    for (let j = 1; j < needle.length; j++) {
      if (bytes[i + j] !== needle.charCodeAt(j)) continue outer;
    }
    return true;
  }
  return false;
}

function detectZip(bytes: Uint8Array): DetectedType {
  if (containsAscii(bytes, 'word/document.xml')) {
    return {
      kind: 'docx',
      mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      label: 'a Word document',
    };
  }
  if (containsAscii(bytes, 'xl/workbook')) {
    return { kind: 'office-other', mime: 'application/vnd.ms-excel', label: 'an Excel workbook' };
  }
  if (containsAscii(bytes, 'ppt/presentation')) {
    return { kind: 'office-other', mime: 'application/vnd.ms-powerpoint', label: 'a PowerPoint file' };
  }
  if (containsAscii(bytes, 'content.xml') && containsAscii(bytes, 'opendocument')) {
    return {
      kind: 'office-other',
      mime: 'application/vnd.oasis.opendocument',
      label: 'an OpenDocument file',
    };
  }
  return { kind: 'zip', mime: 'application/zip', label: 'a ZIP archive' };
}

function detectMagic(bytes: Uint8Array): DetectedType | undefined {
  // PDF readers accept junk before the header, so look in the first kilobyte.
  if (containsAscii(bytes.subarray(0, 1024), '%PDF-')) {
    return { kind: 'pdf', mime: 'application/pdf', label: 'a PDF' };
  }
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return detectZip(bytes);
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47]))
    return { kind: 'image', mime: 'image/png', label: 'a PNG image' };
  if (startsWith(bytes, [0xff, 0xd8, 0xff]))
    return { kind: 'image', mime: 'image/jpeg', label: 'a JPEG image' };
  if (ascii(bytes, 0, 4) === 'GIF8') return { kind: 'image', mime: 'image/gif', label: 'a GIF image' };
  if (ascii(bytes, 0, 4) === 'RIFF') {
    const form = ascii(bytes, 8, 12);
    if (form === 'WEBP') return { kind: 'image', mime: 'image/webp', label: 'a WebP image' };
    if (form === 'WAVE') return { kind: 'audio', mime: 'audio/wav', label: 'a WAV recording' };
    if (form === 'AVI ') return { kind: 'video', mime: 'video/x-msvideo', label: 'an AVI video' };
  }
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) {
    return { kind: 'image', mime: 'image/tiff', label: 'a TIFF image' };
  }
  if (ascii(bytes, 0, 4) === 'fLaC') return { kind: 'audio', mime: 'audio/flac', label: 'a FLAC recording' };
  if (ascii(bytes, 0, 4) === 'OggS') return detectOgg(bytes);
  if (ascii(bytes, 0, 3) === 'ID3') return { kind: 'audio', mime: 'audio/mpeg', label: 'an MP3 recording' };
  if (bytes[0] === 0xff && ((bytes[1] ?? 0) & 0xf6) === 0xf0) {
    // MPEG sync with layer bits 00: an ADTS stream (raw AAC).
    return { kind: 'audio', mime: 'audio/aac', label: 'an AAC recording' };
  }
  if (bytes[0] === 0xff && ((bytes[1] ?? 0) & 0xe0) === 0xe0) {
    return { kind: 'audio', mime: 'audio/mpeg', label: 'an MP3 recording' };
  }
  if (startsWith(bytes, [0x1a, 0x45, 0xdf, 0xa3])) return detectMatroska(bytes);
  if (ascii(bytes, 4, 8) === 'ftyp') {
    const brand = ascii(bytes, 8, 12);
    const image = isobmffImage(bytes, brand);
    if (image) return image;
    if (brand.startsWith('M4A') || brand.startsWith('M4B')) {
      return { kind: 'audio', mime: 'audio/mp4', label: 'an M4A recording' };
    }
    if (brand === 'qt  ') return { kind: 'video', mime: 'video/quicktime', label: 'a QuickTime (MOV) video' };
    return { kind: 'video', mime: 'video/mp4', label: 'an MP4 video' };
  }
  // Old QuickTime files start with a movie box and no ftyp.
  if (['moov', 'mdat', 'wide', 'free', 'skip'].includes(ascii(bytes, 4, 8)) && containsAscii(bytes, 'moov')) {
    return { kind: 'video', mime: 'video/quicktime', label: 'a QuickTime (MOV) video' };
  }
  if (ascii(bytes, 0, 2) === 'BM' && isBmp(bytes)) {
    return { kind: 'image', mime: 'image/bmp', label: 'a BMP image' };
  }
  return undefined;
}

/** An Ogg stream says its codec in the first packet: Opus, Vorbis, FLAC, or Theora (video). */
function detectOgg(bytes: Uint8Array): DetectedType {
  const head = bytes.subarray(0, 512);
  if (containsAscii(head, 'OpusHead'))
    return { kind: 'audio', mime: 'audio/ogg', label: 'an Opus recording' };
  if (containsAscii(head, '\x01vorbis'))
    return { kind: 'audio', mime: 'audio/ogg', label: 'an Ogg Vorbis recording' };
  if (containsAscii(head, 'theora')) return { kind: 'video', mime: 'video/ogg', label: 'an Ogg video' };
  return { kind: 'audio', mime: 'audio/ogg', label: 'an Ogg recording' };
}

/**
 * WebM and Matroska: a video when a track's codec ID (V_VP9, V_AV1, V_MPEG4/ISO/AVC…) appears in the
 * sniffed bytes, a recording when only sound codecs (A_OPUS, A_VORBIS…) do.
 */
function detectMatroska(bytes: Uint8Array): DetectedType {
  const isWebm = containsAscii(bytes.subarray(0, 64), 'webm');
  const hasVideo = ['V_VP8', 'V_VP9', 'V_AV1', 'V_MPEG', 'V_MS/', 'V_THEORA', 'V_UNCOMPRESSED'].some((id) =>
    containsAscii(bytes, id),
  );
  if (
    !hasVideo &&
    ['A_OPUS', 'A_VORBIS', 'A_AAC', 'A_MPEG', 'A_FLAC', 'A_PCM'].some((id) => containsAscii(bytes, id))
  ) {
    return isWebm
      ? { kind: 'audio', mime: 'audio/webm', label: 'a WebM recording' }
      : { kind: 'audio', mime: 'audio/x-matroska', label: 'a Matroska recording' };
  }
  return isWebm
    ? { kind: 'video', mime: 'video/webm', label: 'a WebM video' }
    : { kind: 'video', mime: 'video/x-matroska', label: 'a Matroska video' };
}

/** AVIF and HEIC/HEIF share the ISO media file box; the brands (major, then compatible) tell them apart. */
function isobmffImage(bytes: Uint8Array, major: string): DetectedType | undefined {
  const boxSize =
    ((bytes[0] ?? 0) << 24) | ((bytes[1] ?? 0) << 16) | ((bytes[2] ?? 0) << 8) | (bytes[3] ?? 0);
  const brands = [major];
  for (let at = 16; at + 4 <= Math.min(boxSize, 256); at += 4) brands.push(ascii(bytes, at, at + 4));
  if (brands[0] === 'avif' || brands[0] === 'avis' || (brands[0] === 'mif1' && brands.includes('avif'))) {
    return { kind: 'image', mime: 'image/avif', label: 'an AVIF image' };
  }
  const heif = ['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs', 'mif1', 'msf1'];
  if (heif.includes(brands[0] ?? '')) return { kind: 'image', mime: 'image/heic', label: 'a HEIC photo' };
  return undefined;
}

/** 'BM' starts many text files too: a BMP also declares its file size and a known header size. */
function isBmp(bytes: Uint8Array): boolean {
  const dib =
    (bytes[14] ?? 0) | ((bytes[15] ?? 0) << 8) | ((bytes[16] ?? 0) << 16) | ((bytes[17] ?? 0) << 24);
  return [12, 40, 52, 56, 64, 108, 124].includes(dib);
}

/** An SVG drawing: an <svg> root after an optional XML prolog, comments and DOCTYPE. */
const SVG_START = /^(?:\s|<\?xml[^>]*>|<!--[\s\S]*?-->|<!DOCTYPE[^>[]*(?:\[[\s\S]*?\])?\s*>)*<svg[\s>]/i;

/** Decodes the sniffing window as text, or returns undefined when it looks binary. */
function sniffText(bytes: Uint8Array): string | undefined {
  const head = bytes.subarray(0, SNIFF_BYTES);
  if (startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff])) {
    return new TextDecoder(head[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(head);
  }
  const text = new TextDecoder('utf-8').decode(head);
  let control = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 9 || (c > 13 && c < 32)) && c !== 27) control++;
    if (c === 0xfffd) control++;
  }
  return control / Math.max(1, text.length) > 0.02 ? undefined : text;
}

const HTML_START = /^(?:\s|<!--[\s\S]*?-->|<\?xml[^>]*>)*<(?:!doctype\s+html|html|head|body)[\s>]/i;

function extensionOf(fileName: string | undefined): string {
  const match = /\.([a-z0-9]+)$/i.exec(fileName ?? '');
  return match?.[1]?.toLowerCase() ?? '';
}

/** Counts distinct kinds of Markdown syntax; two or more make a text file Markdown. */
export function markdownSignals(text: string): number {
  const signals = [
    /^#{1,6}\s+\S/m,
    /^```|^~~~/m,
    /^\s*[-*+]\s+\S/m,
    /^\s*\d+[.)]\s+\S/m,
    /\[[^\]\n]+\]\([^)\s]+\)/,
    /^\|?.*\|.*\n\|?\s*:?-{3,}/m,
    /(\*\*|__)\S[^*\n]*\1/,
    /^>\s/m,
  ];
  return signals.filter((re) => re.test(text)).length;
}

export function detectType(input: Uint8Array | ArrayBuffer, fileName?: string): DetectedType {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  const magic = detectMagic(bytes);
  if (magic) return magic;
  const text = sniffText(bytes);
  if (text === undefined) {
    return { kind: 'binary', mime: 'application/octet-stream', label: 'a file in an unknown binary format' };
  }
  const ext = extensionOf(fileName);
  if (SVG_START.test(text.replace(/^\uFEFF/, ''))) {
    return { kind: 'image', mime: 'image/svg+xml', label: 'an SVG drawing' };
  }
  if (HTML_START.test(text.replace(/^\uFEFF/, '')) || ext === 'html' || ext === 'htm' || ext === 'xhtml') {
    return { kind: 'html', mime: 'text/html', label: 'a web page' };
  }
  if (ext === 'md' || ext === 'markdown' || ext === 'mdown' || ext === 'mkd') {
    return { kind: 'markdown', mime: 'text/markdown', label: 'a Markdown note' };
  }
  if (ext !== 'txt' && markdownSignals(text) >= 2) {
    return { kind: 'markdown', mime: 'text/markdown', label: 'a Markdown note' };
  }
  return { kind: 'text', mime: 'text/plain', label: 'a text file' };
}
