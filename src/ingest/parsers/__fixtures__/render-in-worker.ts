// A module worker for the browser test of drawing PDF pages for OCR: runs the real PDF parser inside a
// Worker (no DOM there) with a reader that, instead of recognising words, measures the drawn page (its
// size and how much of it is ink) and answers one line naming the page. What the parser does with that
// answer (lines placed on the page, blocks, pages read) is the parser's own code.
import type { DecodedPage, TextLine } from '../../images/text-reader';
import { pdfAssetUrls } from '../../../core/pdf-assets';

interface Request {
  readonly bytes: ArrayBuffer;
  readonly fileName: string;
}

export interface DrawnPage {
  page: number;
  width: number;
  height: number;
  /** Share of pixels darker than mid grey. */
  ink: number;
}

function measure(page: DecodedPage): DrawnPage {
  const canvas = new OffscreenCanvas(page.width, page.height);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no 2D context');
  context.drawImage(page.bitmap, 0, 0);
  const { data } = context.getImageData(0, 0, page.width, page.height);
  let dark = 0;
  for (let i = 0; i < data.length; i += 4) {
    if ((data[i] ?? 0) + (data[i + 1] ?? 0) + (data[i + 2] ?? 0) < 3 * 128) dark++;
  }
  return { page: page.page, width: page.width, height: page.height, ink: dark / (data.length / 4) };
}

self.onmessage = (event: MessageEvent<Request>) => {
  const { bytes, fileName } = event.data;
  const drawn: DrawnPage[] = [];
  const readText = (page: DecodedPage): Promise<TextLine[]> => {
    drawn.push(measure(page));
    return Promise.resolve([
      { text: `Drawn page ${String(page.page)}`, box: [0.1, 0.1, 0.5, 0.12], confidence: 0.9, block: 0 },
    ]);
  };
  import('../index')
    .then(({ parseDocument }) =>
      parseDocument(bytes, { fileName, readText, ...pdfAssetUrls(self.location.origin + '/') }),
    )
    .then(
      (result) => {
        self.postMessage({ ok: true, result, drawn });
      },
      (error: unknown) => {
        const e = error instanceof Error ? error : new Error(String(error));
        self.postMessage({ ok: false, name: e.name, message: e.message, drawn });
      },
    );
};
