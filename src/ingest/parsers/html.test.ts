import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseHtmlString } from './html';
import { htmlText, tokenF1 } from './token-f1';

const pages = join(import.meta.dirname, '../../../../shared/data/html-readability-testpages');
/** Mean token F1 measured over all 65 pages was 0.993 (min 0.54, mathjax); the floor leaves room. */
const MEAN_F1_FLOOR = 0.95;

describe('parseHtmlString', () => {
  it('keeps the main content of real pages (mean token F1 over expected.html above the floor)', () => {
    const scores = readdirSync(pages).map((page) => {
      const doc = parseHtmlString(readFileSync(join(pages, page, 'source.html'), 'utf8'));
      const text = doc.blocks.map((b) => ('text' in b ? b.text : '')).join('\n');
      return tokenF1(text, htmlText(readFileSync(join(pages, page, 'expected.html'), 'utf8')));
    });
    expect(scores.length).toBeGreaterThan(60);
    expect(scores.reduce((a, b) => a + b, 0) / scores.length).toBeGreaterThan(MEAN_F1_FLOOR);
  }, 120_000);

  it('takes title and language from the page metadata', () => {
    const doc = parseHtmlString(readFileSync(join(pages, '001', 'source.html'), 'utf8'));
    const expected = JSON.parse(readFileSync(join(pages, '001', 'expected-metadata.json'), 'utf8')) as {
      title: string;
      lang: string;
    };
    expect(doc.metadata).toMatchObject({ title: expected.title, language: expected.lang });
  });

  it('drops navigation and keeps headings, lists and tables as blocks', () => {
    const para =
      'This paragraph carries the article, long enough to count as content for the reader view. '.repeat(4);
    const doc = parseHtmlString(`<html lang="de"><head><title>T</title></head><body>
      <nav><a href="/">Home</a><a href="/about">About us</a></nav>
      <article><h1>Heading one</h1><p>${para}</p><h2 id="more">More</h2><p>${para}</p>
      <ul><li>alpha<ul><li>beta</li></ul></li></ul>
      <table><thead><tr><th>k</th><th>v</th></tr></thead><tbody><tr><td>a</td><td>1</td></tr></tbody></table></article>
      <footer>Copyright footer links</footer></body></html>`);
    const text = doc.blocks.map((b) => ('text' in b ? b.text : '')).join(' ');
    expect(text).not.toContain('About us');
    expect(text).not.toContain('Copyright footer');
    expect(doc.metadata.language).toBe('de');
    expect(doc.blocks.find((b) => b.type === 'heading' && b.text === 'More')?.location).toMatchObject({
      elementId: 'more',
    });
    expect(doc.blocks.filter((b) => b.type === 'list-item').map((b) => [b.text, b.depth])).toEqual([
      ['alpha', 0],
      ['beta', 1],
    ]);
    expect(doc.blocks.find((b) => b.type === 'table')).toMatchObject({
      rows: [
        ['k', 'v'],
        ['a', '1'],
      ],
      headerRows: 1,
    });
  });
});
