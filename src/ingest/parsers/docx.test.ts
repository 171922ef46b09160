import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocx } from './docx';
import { CorruptFileError } from './errors';
import { docxWithFigures } from './__fixtures__/docx-with-figure';

const dir = join(import.meta.dirname, '../../../../shared/data/docx-mammoth-testdata');
const read = (name: string) => readFileSync(join(dir, name));

describe('parseDocx', () => {
  it.each(readdirSync(dir).filter((f) => f.endsWith('.docx')))('reads %s', async (name) => {
    const doc = await parseDocx(read(name));
    expect(doc.format).toBe('docx');
    for (const b of doc.blocks) expect(b.location.type).toBe('anchor');
  });

  it('keeps each picture as a figure of its block, and its alt text in the text', async () => {
    const doc = await parseDocx(await docxWithFigures(read('tiny-picture.docx')));
    const texts = doc.blocks.map((b) => ('text' in b ? b.text : ''));
    expect(texts).toEqual([
      'Field notes',
      'We walked north along the shore.',
      'Figure: A red kite over the dunes',
      'The wind picked up after noon.',
    ]);
    // The labelled picture sits in its own block; the unlabelled one, alone in its paragraph, belongs to
    // the block before it. Both keep their PNG bytes for the captioning model.
    expect(doc.figures?.map((f) => [f.blockIndex, f.alt, f.mimeType])).toEqual([
      [2, 'A red kite over the dunes', 'image/png'],
      [3, undefined, 'image/png'],
    ]);
    expect(doc.figures?.[0]?.data.subarray(1, 4)).toEqual(new TextEncoder().encode('PNG'));
  });

  it('reads an empty document as an empty document', async () => {
    expect((await parseDocx(read('empty.docx'))).blocks).toEqual([]);
  });

  it('keeps tables with their cells, lists and footnotes', async () => {
    const tables = await parseDocx(read('tables.docx'));
    expect(tables.blocks.map((b) => b.type)).toEqual(['paragraph', 'table', 'paragraph']);
    expect(tables.blocks[1]).toMatchObject({
      rows: [
        ['Top left', 'Top right'],
        ['Bottom left', 'Bottom right'],
      ],
    });
    const list = await parseDocx(read('simple-list.docx'));
    expect(list.blocks).toMatchObject([
      { type: 'list-item', text: 'Apple' },
      { type: 'list-item', text: 'Banana' },
    ]);
    const notes = await parseDocx(read('footnotes.docx'));
    expect(notes.blocks.slice(1)).toMatchObject([
      { text: 'A tachyon walks into a bar.', location: { elementId: 'footnote-1' } },
      { text: 'Fin.', location: { elementId: 'footnote-2' } },
    ]);
  });

  it('takes headings from paragraph styles', async () => {
    const doc = await parseDocx(read('embedded-style-map.docx'));
    expect(doc.blocks[0]).toMatchObject({ type: 'heading', level: 1, text: 'Walking on imported air' });
  });

  it('fails bytes that are not a Word file with CorruptFileError', async () => {
    await expect(parseDocx(new TextEncoder().encode('not a zip at all'))).rejects.toBeInstanceOf(
      CorruptFileError,
    );
  });
});
