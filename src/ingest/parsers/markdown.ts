// Markdown parser over marked's lexer (a small, dependency-free, well-kept tokenizer that runs in
// workers): headings, paragraphs, nested lists, fenced code, GFM tables and quotes become blocks
// with character offsets into the source, so a hit can scroll the note to its place.
import { Lexer, type Token, type Tokens } from 'marked';
import type { Block, HeadingLevel, ParsedDocument } from '../../core/chunking/types';
import { readTextInput } from './text';
import type { ParseOptions } from './options';

/** Plain text of inline tokens: markup dropped, link text kept, entities decoded by marked. */
export function inlineText(tokens: readonly Token[] | undefined, fallback = ''): string {
  if (!tokens) return fallback;
  let out = '';
  for (const t of tokens) {
    if (t.type === 'br') out += '\n';
    else if (t.type === 'image') out += (t as Tokens.Image).text;
    else if ('tokens' in t && Array.isArray(t.tokens)) out += inlineText(t.tokens);
    else if (t.type === 'html') continue;
    else if ('text' in t && typeof t.text === 'string') out += t.text;
    else out += t.raw;
  }
  return out;
}

function clean(text: string): string {
  return text
    .replace(/[ \t]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .trim();
}

class BlockBuilder {
  readonly blocks: Block[] = [];
  constructor(private readonly source: string) {}

  anchor(start: number, raw: string) {
    return {
      type: 'anchor' as const,
      blockIndex: this.blocks.length,
      charStart: start,
      charEnd: start + raw.length,
    };
  }

  add(token: Token, start: number, listDepth = 0): void {
    switch (token.type) {
      case 'heading': {
        const t = token as Tokens.Heading;
        const text = clean(inlineText(t.tokens, t.text));
        if (text)
          this.blocks.push({
            type: 'heading',
            level: t.depth as HeadingLevel,
            text,
            location: this.anchor(start, t.raw),
          });
        return;
      }
      case 'paragraph':
      case 'text': {
        const t = token as Tokens.Paragraph;
        const text = clean(inlineText(t.tokens, t.text));
        if (text) this.blocks.push({ type: 'paragraph', text, location: this.anchor(start, t.raw) });
        return;
      }
      case 'code': {
        const t = token as Tokens.Code;
        const lang = t.lang?.trim().split(/\s+/)[0];
        this.blocks.push({
          type: 'code',
          text: t.text,
          ...(lang ? { lang } : {}),
          location: this.anchor(start, t.raw),
        });
        return;
      }
      case 'blockquote': {
        const t = token as Tokens.Blockquote;
        const text = clean(
          t.tokens
            .map((inner) => inlineText('tokens' in inner ? inner.tokens : undefined, inner.raw))
            .join('\n\n'),
        );
        if (text) this.blocks.push({ type: 'quote', text, location: this.anchor(start, t.raw) });
        return;
      }
      case 'table': {
        const t = token as Tokens.Table;
        const rows = [
          t.header.map((c) => clean(inlineText(c.tokens, c.text))),
          ...t.rows.map((r) => r.map((c) => clean(inlineText(c.tokens, c.text)))),
        ];
        this.blocks.push({
          type: 'table',
          rows,
          headerRows: 1,
          text: rows.map((r) => r.join(' | ')).join('\n'),
          location: this.anchor(start, t.raw),
        });
        return;
      }
      case 'list': {
        this.addList(token as Tokens.List, start, listDepth);
        return;
      }
      case 'html': {
        const text = clean(token.raw.replace(/<[^>]*>/g, ' '));
        if (text) this.blocks.push({ type: 'paragraph', text, location: this.anchor(start, token.raw) });
        return;
      }
      default:
        return;
    }
  }

  private addList(list: Tokens.List, start: number, depth: number): void {
    let offset = start;
    for (const item of list.items) {
      const itemStart = this.source.indexOf(item.raw, offset);
      const at = itemStart === -1 ? offset : itemStart;
      offset = at + item.raw.length;
      const own = item.tokens.filter((t) => t.type !== 'list');
      const text = clean(
        own
          .map((t) => inlineText('tokens' in t ? t.tokens : undefined, 'text' in t ? String(t.text) : ''))
          .join('\n'),
      );
      if (text)
        this.blocks.push({
          type: 'list-item',
          text,
          depth,
          ordered: list.ordered,
          location: this.anchor(at, item.raw),
        });
      let innerOffset = at;
      for (const nested of item.tokens.filter((t): t is Tokens.List => t.type === 'list')) {
        const nestedStart = this.source.indexOf(nested.raw, innerOffset);
        innerOffset = nestedStart === -1 ? innerOffset : nestedStart;
        this.addList(nested, innerOffset, depth + 1);
      }
    }
  }
}

/** Removes a YAML front-matter block and returns its title, if any. */
function frontMatter(source: string): { body: string; offset: number; title?: string } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(source);
  if (!match) return { body: source, offset: 0 };
  const title = /^title:\s*["']?(.+?)["']?\s*$/m.exec(match[1] ?? '')?.[1];
  return { body: source.slice(match[0].length), offset: match[0].length, ...(title ? { title } : {}) };
}

export function parseMarkdownText(source: string): ParsedDocument {
  const { body, offset, title } = frontMatter(source);
  const tokens = new Lexer({ gfm: true }).lex(body);
  const builder = new BlockBuilder(source);
  let position = offset;
  for (const token of tokens) {
    const found = source.indexOf(token.raw, position);
    const start = found === -1 ? position : found;
    builder.add(token, start);
    position = start + token.raw.length;
  }
  const firstH1 = builder.blocks.find((b) => b.type === 'heading' && b.level === 1);
  const docTitle = title ?? (firstH1?.type === 'heading' ? firstH1.text : undefined);
  return {
    format: 'markdown',
    metadata: docTitle ? { title: docTitle } : {},
    blocks: builder.blocks,
    warnings: [],
  };
}

export function parseMarkdown(
  input: Uint8Array | ArrayBuffer,
  options: ParseOptions = {},
): Promise<ParsedDocument> {
  return Promise.resolve(parseMarkdownText(readTextInput(input, options)));
}
