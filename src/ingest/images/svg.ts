// SVG files are drawings with a scripting language inside. Chromium cannot decode an SVG in a worker
// (createImageBitmap and ImageDecoder refuse it), so ThinkBank never renders one here; it keeps a cleaned
// copy that the page shows through an <img>, where the browser runs no script and loads no external
// reference (ADR 0075). The cleaning is the second wall: scripts, event attributes, foreign content,
// external links and styles that reach out are removed, and the DOCTYPE (where entity bombs live) is not
// kept. The text the drawing carries is returned so it can become passages.
import { DOMParser } from 'linkedom';
import { CorruptFileError } from '../parsers/errors';

const DROPPED_ELEMENTS = new Set([
  'script',
  'foreignobject',
  'iframe',
  'object',
  'embed',
  'audio',
  'video',
  'handler',
  'listener',
  'animate',
  'set',
  'animatemotion',
  'animatetransform',
]);

/** A reference that stays inside the file: a fragment, or an inline raster image. */
function isLocalReference(value: string): boolean {
  const v = value.trim().toLowerCase();
  return v.startsWith('#') || /^data:image\/(png|jpeg|gif|webp);/.test(v);
}

/** url(...) that points outside the file, and @import: a style that would fetch. */
const EXTERNAL_STYLE = /@import|url\(\s*['"]?(?!#|data:image\/(?:png|jpeg|gif|webp);)/i;

export interface CleanSvg {
  /** The cleaned drawing, serialised from its <svg> root (no prolog, no DOCTYPE). */
  readonly markup: string;
  /** Text content of <text> and <title> elements, in document order. */
  readonly texts: string[];
  /** How many things were removed (scripts, handlers, external references). */
  readonly removed: number;
}

interface Node {
  nodeType: number;
  tagName?: string;
  localName?: string;
  textContent: string | null;
  childNodes: ArrayLike<Node>;
  attributes?: ArrayLike<{ name: string; value: string }>;
  removeAttribute?(name: string): void;
  remove(): void;
  toString(): string;
}

export function cleanSvg(bytes: Uint8Array): CleanSvg {
  const source = new TextDecoder().decode(bytes);
  if (/<!ENTITY/i.test(source)) {
    throw new CorruptFileError('the drawing declares its own XML entities, which ThinkBank does not expand');
  }
  const doc = new DOMParser().parseFromString(source, 'image/svg+xml') as unknown as {
    documentElement: Node | null;
  };
  const root = doc.documentElement;
  if (root?.localName?.toLowerCase() !== 'svg') throw new CorruptFileError('no <svg> drawing was found');
  let removed = 0;
  const texts: string[] = [];
  const walk = (node: Node) => {
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType !== 1) continue;
      const name = (child.localName ?? '').toLowerCase();
      if (DROPPED_ELEMENTS.has(name) || (name === 'style' && EXTERNAL_STYLE.test(child.textContent ?? ''))) {
        child.remove();
        removed++;
        continue;
      }
      cleanAttributes(child, () => removed++);
      if (name === 'text' || name === 'title') {
        const text = (child.textContent ?? '').replace(/\s+/g, ' ').trim();
        if (text) texts.push(text);
      }
      walk(child);
    }
  };
  cleanAttributes(root, () => removed++);
  walk(root);
  return { markup: root.toString(), texts, removed };
}

function cleanAttributes(element: Node, onRemove: () => void): void {
  for (const { name, value } of Array.from(element.attributes ?? [])) {
    const key = name.toLowerCase();
    const isHandler = key.startsWith('on');
    const isLink = key === 'href' || key.endsWith(':href') || key === 'src';
    const isStyle = key === 'style' && EXTERNAL_STYLE.test(value);
    if (isHandler || isStyle || (isLink && !isLocalReference(value))) {
      element.removeAttribute?.(name);
      onRemove();
    }
  }
}
