import { describe, expect, it } from 'vitest';
import { parseMarkdownText } from './markdown';
import { parseTextString } from './text';

const NOTE = `---
title: Garden notes
---
# Garden

Tomatoes need **sun** and [water](https://example.org).

## Beds

- Raised bed
  - cedar planks
- Herb spiral

1. Dig
2. Plant

| Plant | Months |
|---|---|
| Basil | May–Sep |

\`\`\`python
print("hi")
\`\`\`

> Plant in spring.
`;

describe('parseMarkdownText', () => {
  it('keeps headings, paragraphs, nested lists, tables, code and quotes in order', () => {
    const doc = parseMarkdownText(NOTE);
    expect(doc.metadata.title).toBe('Garden notes');
    expect(doc.blocks.map((b) => b.type)).toEqual([
      'heading',
      'paragraph',
      'heading',
      'list-item',
      'list-item',
      'list-item',
      'list-item',
      'list-item',
      'table',
      'code',
      'quote',
    ]);
    expect(doc.blocks[1]).toMatchObject({ text: 'Tomatoes need sun and water.' });
    expect(doc.blocks[4]).toMatchObject({
      type: 'list-item',
      text: 'cedar planks',
      depth: 1,
      ordered: false,
    });
    expect(doc.blocks[6]).toMatchObject({ text: 'Dig', ordered: true, depth: 0 });
    expect(doc.blocks[8]).toMatchObject({
      rows: [
        ['Plant', 'Months'],
        ['Basil', 'May–Sep'],
      ],
      headerRows: 1,
    });
    expect(doc.blocks[9]).toMatchObject({ type: 'code', lang: 'python', text: 'print("hi")' });
  });

  it('anchors each block to its characters in the source', () => {
    const doc = parseMarkdownText(NOTE);
    for (const [i, block] of doc.blocks.entries()) {
      expect(block.location).toMatchObject({ type: 'anchor', blockIndex: i });
      const { charStart, charEnd } = block.location as { charStart: number; charEnd: number };
      const raw = NOTE.slice(charStart, charEnd);
      if (block.type === 'heading' || block.type === 'paragraph')
        expect(raw).toContain(block.text.split(' ')[0]);
    }
    expect(NOTE.slice((doc.blocks[2]?.location as { charStart: number }).charStart)).toMatch(/^## Beds/);
  });

  it('takes the title from the first level-1 heading without front matter', () => {
    expect(parseMarkdownText('# Hello\n\ntext').metadata.title).toBe('Hello');
  });
});

describe('parseTextString', () => {
  it('splits paragraphs at blank lines and keeps offsets', () => {
    const doc = parseTextString('First para\nstill first.\n\n\nSecond.\n');
    expect(doc.blocks).toEqual([
      {
        type: 'paragraph',
        text: 'First para\nstill first.',
        location: { type: 'anchor', blockIndex: 0, charStart: 0, charEnd: 23 },
      },
      {
        type: 'paragraph',
        text: 'Second.',
        location: { type: 'anchor', blockIndex: 1, charStart: 26, charEnd: 33 },
      },
    ]);
  });

  it('takes only underlined lines as headings', () => {
    const doc = parseTextString('Report\n======\n\nINTRODUCTION\n\nBody text.');
    expect(doc.blocks.map((b) => b.type)).toEqual(['heading', 'paragraph', 'paragraph']);
  });
});
