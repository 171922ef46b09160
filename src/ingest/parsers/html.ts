// HTML parser for saved web pages: Mozilla Readability finds the main content (dropping
// navigation, ads and footers) over linkedom, a DOM that runs in workers and Node without a
// browser DOMParser; the content is then walked into blocks. Title and language come from the
// page's metadata.
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import type { DocumentWarning, ParsedDocument } from '../../core/chunking/types';
import { htmlNodeToBlocks, type HtmlNode } from './html-blocks';
import type { ParseOptions } from './options';
import { readTextInput } from './text';

interface LinkedomDocument extends HtmlNode {
  readonly title: string;
  readonly documentElement: HtmlNode | null;
  readonly body: HtmlNode | null;
  querySelectorAll(selector: string): ArrayLike<HtmlNode & { remove(): void }>;
}

function parseDom(html: string): LinkedomDocument {
  return parseHTML(html).document;
}

/** Used when Readability finds no article: the body without obvious page furniture. */
function fallbackBlocks(html: string) {
  const doc = parseDom(html);
  for (const el of Array.from(
    doc.querySelectorAll('nav, header, footer, aside, form, script, style, [role="navigation"]'),
  ))
    el.remove();
  return htmlNodeToBlocks(doc.body ?? doc);
}

export function parseHtmlString(html: string): ParsedDocument {
  const warnings: DocumentWarning[] = [];
  const doc = parseDom(html);
  const lang = doc.documentElement?.getAttribute?.('lang') ?? undefined;
  const pageTitle = doc.title.trim();
  // Readability takes a DOM Document; linkedom's is structurally one.
  const article = new Readability(doc as unknown as ConstructorParameters<typeof Readability>[0]).parse();
  let blocks;
  if (article?.content) {
    blocks = htmlNodeToBlocks(
      parseDom(`<!doctype html><html><body>${article.content}</body></html>`).body ?? doc,
    );
  } else {
    warnings.push({
      code: 'content-dropped',
      message: 'No main article was found; the whole page text was kept.',
    });
    blocks = fallbackBlocks(html);
  }
  const title = article?.title?.trim() || pageTitle;
  const language = article?.lang?.trim() || lang?.trim();
  return {
    format: 'html',
    metadata: {
      ...(title ? { title } : {}),
      ...(language ? { language } : {}),
      ...(article?.byline ? { author: article.byline.trim() } : {}),
    },
    blocks,
    warnings,
  };
}

export function parseHtml(
  input: Uint8Array | ArrayBuffer,
  options: ParseOptions = {},
): Promise<ParsedDocument> {
  return Promise.resolve(parseHtmlString(readTextInput(input, options)));
}
