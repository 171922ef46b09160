// A DOCX with a heading, a paragraph, a labelled picture and an unlabelled one, built from mammoth's
// tiny-picture.docx (its 3 × 3 PNG and parts): for the tests of figures in Word files.
import JSZip from 'jszip';

const heading = (text: string) =>
  `<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>${text}</w:t></w:r></w:p>`;
const paragraph = (text: string) => `<w:p><w:r><w:t>${text}</w:t></w:r></w:p>`;

export async function docxWithFigures(tinyPicture: Uint8Array): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(tinyPicture);
  const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
  const start = xml.indexOf('<w:p ');
  const end = xml.indexOf('</w:p>', start) + '</w:p>'.length;
  const pictureParagraph = xml.slice(start, end);
  const labelled = pictureParagraph.replace(
    'name="Picture 1"/>',
    'name="Picture 1" descr="A red kite over the dunes"/>',
  );
  const body =
    heading('Field notes') +
    paragraph('We walked north along the shore.') +
    labelled +
    paragraph('The wind picked up after noon.') +
    pictureParagraph;
  zip.file('word/document.xml', xml.slice(0, start) + body + xml.slice(end));
  return zip.generateAsync({ type: 'uint8array' });
}
