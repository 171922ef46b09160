// Markdown for chat answers, made safe by construction: marked's lexer turns the text into tokens, and
// this module maps them onto a small tree of nodes that Svelte components render as elements and text
// nodes. There is no HTML string anywhere, so neither the model nor a document's text can inject
// markup: raw HTML becomes visible text, links keep only http(s) and mailto targets, images become
// their alt text (nothing is fetched), and [n] citation markers in text become citation nodes.
import { Lexer, type Token, type Tokens } from 'marked';
import { splitCitations } from '../../../core/rag/citations';

export type InlineNode =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'citation'; readonly numbers: readonly number[] }
  | { readonly kind: 'strong'; readonly children: InlineNode[] }
  | { readonly kind: 'em'; readonly children: InlineNode[] }
  | { readonly kind: 'del'; readonly children: InlineNode[] }
  | { readonly kind: 'code'; readonly text: string }
  | { readonly kind: 'br' }
  | {
      readonly kind: 'link';
      readonly href: string;
      readonly title: string | undefined;
      readonly children: InlineNode[];
    };

export type Align = 'left' | 'center' | 'right' | undefined;

export interface TableCell {
  readonly align: Align;
  readonly children: InlineNode[];
}

export type BlockNode =
  | { readonly kind: 'paragraph'; readonly children: InlineNode[] }
  | { readonly kind: 'heading'; readonly level: 3 | 4 | 5 | 6; readonly children: InlineNode[] }
  | { readonly kind: 'code'; readonly text: string; readonly lang: string | undefined }
  | { readonly kind: 'quote'; readonly children: BlockNode[] }
  | {
      readonly kind: 'list';
      readonly ordered: boolean;
      readonly start: number | undefined;
      readonly items: BlockNode[][];
    }
  | { readonly kind: 'table'; readonly header: TableCell[]; readonly rows: TableCell[][] }
  | { readonly kind: 'rule' }
  /** Text of a tight list item: inline content without a paragraph around it. */
  | { readonly kind: 'inline'; readonly children: InlineNode[] };

const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/** The link target when it is an absolute http(s) or mailto URL, normalised; undefined otherwise. */
export function safeHref(href: string): string | undefined {
  const trimmed = href.trim();
  if (!URL.canParse(trimmed)) return undefined;
  const url = new URL(trimmed);
  return SAFE_PROTOCOLS.has(url.protocol) ? url.href : undefined;
}

// marked decodes numeric character references itself but leaves named ones as written.
const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  copy: '©',
  reg: '®',
  trade: '™',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  laquo: '«',
  raquo: '»',
  times: '×',
  divide: '÷',
  deg: '°',
  plusmn: '±',
  middot: '·',
  bull: '•',
  euro: '€',
  pound: '£',
  yen: '¥',
  cent: '¢',
  sect: '§',
  para: '¶',
  micro: 'µ',
  le: '≤',
  ge: '≥',
  ne: '≠',
};

/** Decodes named and numeric character references into text (which is then rendered as text). */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});/gi, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff)
        ? String.fromCodePoint(code)
        : '\ufffd';
    }
    return NAMED_ENTITIES[ref] ?? whole;
  });
}

export function lexMarkdown(source: string): Token[] {
  return new Lexer({ gfm: true }).lex(source);
}

function textNodes(text: string, sourceCount: number): InlineNode[] {
  return splitCitations(decodeEntities(text), sourceCount).map((piece) =>
    piece.kind === 'text' ? { kind: 'text', text: piece.text } : { kind: 'citation', numbers: piece.numbers },
  );
}

/** Marked leaves `tokens` unset on plain text; its types say that when present it is an array. */
function hasChildTokens(token: Token): boolean {
  return (token as { tokens?: unknown }).tokens !== undefined;
}

/** Adjacent text tokens joined, so a citation marker split between them is still seen whole. */
function joinTexts(tokens: readonly Token[]): Token[] {
  const out: Token[] = [];
  for (const token of tokens) {
    const prev = out[out.length - 1];
    if (token.type === 'text' && prev?.type === 'text' && !hasChildTokens(token) && !hasChildTokens(prev)) {
      out[out.length - 1] = {
        ...prev,
        raw: prev.raw + token.raw,
        text: (prev as Tokens.Text).text + (token as Tokens.Text).text,
      };
    } else out.push(token);
  }
  return out;
}

export function toInlines(tokens: readonly Token[] | undefined, sourceCount: number): InlineNode[] {
  return joinTexts(tokens ?? []).flatMap((token): InlineNode[] => {
    switch (token.type) {
      case 'text': {
        const t = token as Tokens.Text;
        return t.tokens ? toInlines(t.tokens, sourceCount) : textNodes(t.text, sourceCount);
      }
      case 'escape':
        return [{ kind: 'text', text: (token as Tokens.Escape).text }];
      case 'strong':
      case 'em':
      case 'del':
        return [{ kind: token.type, children: toInlines((token as Tokens.Strong).tokens, sourceCount) }];
      case 'codespan':
        return [{ kind: 'code', text: (token as Tokens.Codespan).text }];
      case 'br':
        return [{ kind: 'br' }];
      case 'link': {
        const link = token as Tokens.Link;
        const children = toInlines(link.tokens, sourceCount);
        const href = safeHref(link.href);
        return href === undefined
          ? children
          : [{ kind: 'link', href, title: link.title ?? undefined, children }];
      }
      case 'image':
        return (token as Tokens.Image).text ? [{ kind: 'text', text: (token as Tokens.Image).text }] : [];
      case 'checkbox':
        return [{ kind: 'text', text: (token as Tokens.Checkbox).checked ? '☑ ' : '☐ ' }];
      default:
        // Raw HTML and anything unknown: shown as the text it is.
        return [{ kind: 'text', text: token.raw }];
    }
  });
}

function align(value: 'center' | 'left' | 'right' | null): Align {
  return value ?? undefined;
}

export function toBlocks(tokens: readonly Token[], sourceCount: number): BlockNode[] {
  return tokens.flatMap((token): BlockNode[] => {
    switch (token.type) {
      case 'space':
      case 'def':
        return [];
      case 'paragraph':
        return [{ kind: 'paragraph', children: toInlines((token as Tokens.Paragraph).tokens, sourceCount) }];
      case 'heading': {
        const h = token as Tokens.Heading;
        // Answers sit under the page's own headings: their levels start at 3.
        const level = Math.min(6, Math.max(3, h.depth + 2)) as 3 | 4 | 5 | 6;
        return [{ kind: 'heading', level, children: toInlines(h.tokens, sourceCount) }];
      }
      case 'code': {
        const c = token as Tokens.Code;
        return [{ kind: 'code', text: c.text, lang: c.lang || undefined }];
      }
      case 'blockquote':
        return [{ kind: 'quote', children: toBlocks((token as Tokens.Blockquote).tokens, sourceCount) }];
      case 'list': {
        const l = token as Tokens.List;
        const start = typeof l.start === 'number' ? l.start : undefined;
        return [
          {
            kind: 'list',
            ordered: l.ordered,
            start,
            items: l.items.map((item) => toBlocks(item.tokens, sourceCount)),
          },
        ];
      }
      case 'table': {
        const t = token as Tokens.Table;
        const cell = (c: Tokens.TableCell): TableCell => ({
          align: align(c.align),
          children: toInlines(c.tokens, sourceCount),
        });
        return [{ kind: 'table', header: t.header.map(cell), rows: t.rows.map((row) => row.map(cell)) }];
      }
      case 'hr':
        return [{ kind: 'rule' }];
      case 'text': {
        const t = token as Tokens.Text;
        return [
          {
            kind: 'inline',
            children: t.tokens ? toInlines(t.tokens, sourceCount) : textNodes(t.text, sourceCount),
          },
        ];
      }
      case 'checkbox':
        return [{ kind: 'inline', children: toInlines([token], sourceCount) }];
      default:
        // Raw HTML blocks and anything unknown: a paragraph of visible text.
        return [{ kind: 'paragraph', children: [{ kind: 'text', text: token.raw.trim() }] }];
    }
  });
}

/** Markdown source → safe nodes. */
export function renderTree(source: string, sourceCount: number): BlockNode[] {
  return toBlocks(lexMarkdown(source), sourceCount);
}
