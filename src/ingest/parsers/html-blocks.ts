// Walks an HTML element tree (linkedom, so it runs in workers without a DOM) into blocks. Shared
// by the HTML parser (over Readability's main content) and the DOCX parser (over mammoth's HTML).
// Only the few node members used here are typed, so the module compiles under the WebWorker lib.
import type { Block, HeadingLevel } from '../../core/chunking/types';

export interface HtmlNode {
  readonly nodeType: number;
  readonly nodeName: string;
  readonly textContent: string | null;
  readonly childNodes: ArrayLike<HtmlNode>;
  getAttribute?(name: string): string | null;
}

const ELEMENT = 1;
const TEXT = 3;
const SKIP = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'SVG',
  'CANVAS',
  'IFRAME',
  'BUTTON',
  'SELECT',
  'INPUT',
  'TEXTAREA',
  'HEAD',
]);
const INLINE = new Set([
  'A',
  'ABBR',
  'B',
  'BDI',
  'BDO',
  'CITE',
  'CODE',
  'DATA',
  'DFN',
  'EM',
  'I',
  'KBD',
  'MARK',
  'Q',
  'S',
  'SAMP',
  'SMALL',
  'SPAN',
  'STRONG',
  'SUB',
  'SUP',
  'TIME',
  'U',
  'VAR',
  'WBR',
  'BR',
  'IMG',
  'FONT',
  'DEL',
  'INS',
  'LABEL',
]);

function children(node: HtmlNode): HtmlNode[] {
  return Array.from(node.childNodes);
}

function norm(text: string): string {
  return text
    .replace(/[ \t\r\f\v\u00a0]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{2,}/g, '\n')
    .trim();
}

/** Text of a node with <br> as newlines and nested lists left out (they become their own items). */
function textOf(node: HtmlNode, skipLists = false): string {
  if (node.nodeType === TEXT) return (node.textContent ?? '').replace(/\s+/g, ' ');
  if (node.nodeType !== ELEMENT || SKIP.has(node.nodeName)) return '';
  if (node.nodeName === 'BR') return '\n';
  if (skipLists && (node.nodeName === 'UL' || node.nodeName === 'OL')) return '';
  const inner = children(node)
    .map((c) => textOf(c, skipLists))
    .join('');
  return INLINE.has(node.nodeName) ? inner : ` ${inner} `;
}

export class HtmlBlockWalker {
  readonly blocks: Block[] = [];
  private inline: HtmlNode[] = [];

  private location(node: HtmlNode | undefined) {
    const id = node?.getAttribute?.('id') ?? undefined;
    return { type: 'anchor' as const, blockIndex: this.blocks.length, ...(id ? { elementId: id } : {}) };
  }

  private flushInline(): void {
    const nodes = this.inline;
    this.inline = [];
    const text = norm(nodes.map((n) => textOf(n)).join(''));
    if (text)
      this.blocks.push({
        type: 'paragraph',
        text,
        location: this.location(nodes.find((n) => n.nodeType === ELEMENT)),
      });
  }

  walk(node: HtmlNode): void {
    for (const child of children(node)) this.visit(child, 0);
    this.flushInline();
  }

  private visit(node: HtmlNode, listDepth: number): void {
    if (node.nodeType === TEXT || (node.nodeType === ELEMENT && INLINE.has(node.nodeName))) {
      this.inline.push(node);
      return;
    }
    if (node.nodeType !== ELEMENT || SKIP.has(node.nodeName)) return;
    this.flushInline();
    const name = node.nodeName;
    const heading = /^H([1-6])$/.exec(name);
    if (heading) {
      const text = norm(textOf(node)).replace(/\n/g, ' ');
      if (text)
        this.blocks.push({
          type: 'heading',
          level: Number(heading[1]) as HeadingLevel,
          text,
          location: this.location(node),
        });
    } else if (
      name === 'P' ||
      name === 'DT' ||
      name === 'DD' ||
      name === 'FIGCAPTION' ||
      name === 'CAPTION'
    ) {
      const text = norm(textOf(node));
      if (text) this.blocks.push({ type: 'paragraph', text, location: this.location(node) });
    } else if (name === 'UL' || name === 'OL') {
      this.list(node, name === 'OL', listDepth);
    } else if (name === 'TABLE') {
      this.table(node);
    } else if (name === 'PRE') {
      const cls =
        children(node)
          .find((c) => c.nodeName === 'CODE')
          ?.getAttribute?.('class') ??
        node.getAttribute?.('class') ??
        '';
      const lang = /(?:lang(?:uage)?-)(\S+)/.exec(cls)?.[1];
      const text = (node.textContent ?? '').replace(/\n+$/, '');
      if (text.trim())
        this.blocks.push({ type: 'code', text, ...(lang ? { lang } : {}), location: this.location(node) });
    } else if (name === 'BLOCKQUOTE') {
      const text = norm(textOf(node));
      if (text) this.blocks.push({ type: 'quote', text, location: this.location(node) });
    } else {
      for (const child of children(node)) this.visit(child, listDepth);
      this.flushInline();
    }
  }

  private list(node: HtmlNode, ordered: boolean, depth: number): void {
    for (const item of children(node)) {
      if (item.nodeName !== 'LI') {
        if (item.nodeType === ELEMENT) this.visit(item, depth);
        continue;
      }
      const text = norm(textOf(item, true));
      if (text) this.blocks.push({ type: 'list-item', text, depth, ordered, location: this.location(item) });
      for (const nested of children(item)) {
        if (nested.nodeName === 'UL' || nested.nodeName === 'OL')
          this.list(nested, nested.nodeName === 'OL', depth + 1);
      }
    }
  }

  private table(node: HtmlNode): void {
    const rows: string[][] = [];
    let headerRows = 0;
    let sawBody = false;
    const collect = (parent: HtmlNode, inHead: boolean) => {
      for (const child of children(parent)) {
        if (child.nodeName === 'THEAD' || child.nodeName === 'TBODY' || child.nodeName === 'TFOOT') {
          collect(child, child.nodeName === 'THEAD');
        } else if (child.nodeName === 'TR') {
          const cells = children(child).filter((c) => c.nodeName === 'TD' || c.nodeName === 'TH');
          const allHeader = cells.length > 0 && cells.every((c) => c.nodeName === 'TH');
          if ((inHead || allHeader) && !sawBody) headerRows++;
          else sawBody = true;
          rows.push(cells.map((c) => norm(textOf(c)).replace(/\n/g, ' ')));
        }
      }
    };
    collect(node, false);
    const nonEmpty = rows.filter((r) => r.some((c) => c !== ''));
    if (nonEmpty.length === 0) return;
    this.blocks.push({
      type: 'table',
      rows: nonEmpty,
      headerRows: Math.min(headerRows, nonEmpty.length),
      text: nonEmpty.map((r) => r.join(' | ')).join('\n'),
      location: this.location(node),
    });
  }
}

export function htmlNodeToBlocks(root: HtmlNode): Block[] {
  const walker = new HtmlBlockWalker();
  walker.walk(root);
  return walker.blocks;
}
