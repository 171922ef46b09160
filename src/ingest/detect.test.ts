import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectType } from './detect';

const data = join(import.meta.dirname, '../../../shared/data');
const bytes = (text: string) => new TextEncoder().encode(text);

describe('detectType', () => {
  it('recognises a PDF by its header even when named otherwise', () => {
    expect(detectType(readFileSync(join(data, 'pdf-corpus/pdfjs/tracemonkey.pdf')), 'notes.txt').kind).toBe(
      'pdf',
    );
  });

  it('recognises a PDF whose header follows some junk bytes', () => {
    expect(detectType(bytes('\x00\x01junk%PDF-1.4\n...')).kind).toBe('pdf');
  });

  it('recognises DOCX inside a ZIP by its word/document.xml entry', () => {
    expect(detectType(readFileSync(join(data, 'docx-mammoth-testdata/tables.docx')), 'x.zip').kind).toBe(
      'docx',
    );
  });

  it('calls a ZIP without Office entries a ZIP archive', () => {
    expect(
      detectType(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0, 0x61, 0x2e, 0x74, 0x78, 0x74])).kind,
    ).toBe('zip');
  });

  it('recognises images and recordings so they can be routed', () => {
    expect(detectType(readFileSync(join(data, 'pdf-corpus/ocrmypdf/typewriter.png'))).mime).toBe('image/png');
    expect(detectType(readFileSync(join(data, 'audio/jfk/jfk.wav'))).kind).toBe('audio');
    expect(detectType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10])).mime).toBe('image/jpeg');
    expect(detectType(bytes('fLaC\x00\x00')).kind).toBe('audio');
  });

  it.each([
    ['rec01.wav', 'audio', 'audio/wav'],
    ['rec01.mp3', 'audio', 'audio/mpeg'],
    ['rec01.m4a', 'audio', 'audio/mp4'],
    ['rec01.ogg', 'audio', 'audio/ogg'],
    ['rec01.opus', 'audio', 'audio/ogg'],
    ['rec01.webm', 'audio', 'audio/webm'],
    ['rec01.flac', 'audio', 'audio/flac'],
    ['rec01.mp4', 'video', 'video/mp4'],
  ])('recognises the recording %s from its bytes, whatever its name', (name, kind, mime) => {
    const detected = detectType(readFileSync(join(data, 'audio-recordings', name)), 'recording.bin');
    expect(detected.kind).toBe(kind);
    expect(detected.mime).toBe(mime);
  });

  it('names the codec of an Ogg stream and tells a WebM video from a WebM recording', () => {
    expect(detectType(readFileSync(join(data, 'audio-recordings/rec01.opus'))).label).toBe(
      'an Opus recording',
    );
    expect(detectType(readFileSync(join(data, 'audio-recordings/rec01.ogg'))).label).toBe(
      'an Ogg Vorbis recording',
    );
    const webmVideo = new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, ...bytes('....webm....V_VP9....A_OPUS')]);
    expect(detectType(webmVideo).kind).toBe('video');
  });

  it('tells raw AAC (ADTS) from MP3 by the layer bits, and QuickTime by its brand', () => {
    expect(detectType(new Uint8Array([0xff, 0xf1, 0x50, 0x80, 0, 0x1f, 0xfc])).mime).toBe('audio/aac');
    expect(detectType(new Uint8Array([0xff, 0xfb, 0x90, 0x64, 0, 0, 0])).mime).toBe('audio/mpeg');
    const mov = new Uint8Array([0, 0, 0, 0x14, ...bytes('ftypqt  \x00\x00\x00\x00qt  ')]);
    expect(detectType(mov).mime).toBe('video/quicktime');
  });

  it('recognises HTML by its tags whatever the name', () => {
    expect(detectType(bytes('  <!DOCTYPE html><html><body>x</body></html>'), 'page.txt').kind).toBe('html');
    expect(detectType(bytes('<!-- saved --><html lang="en">'), undefined).kind).toBe('html');
  });

  it('tells Markdown from plain text by its syntax when the extension does not say', () => {
    expect(detectType(bytes('# Title\n\nSome *text* with a [link](https://x.org).\n\n- item\n')).kind).toBe(
      'markdown',
    );
    expect(detectType(bytes('Dear Ann,\n\nThanks for the letter. See you soon.\n')).kind).toBe('text');
    expect(detectType(bytes('plain words'), 'readme.md').kind).toBe('markdown');
    expect(detectType(bytes('# not a heading, a txt file\n- dash\n'), 'notes.txt').kind).toBe('text');
  });

  it('calls undecodable bytes binary', () => {
    const noise = new Uint8Array(512).map((_, i) => (i * 37) % 256);
    expect(detectType(noise).kind).toBe('binary');
  });
});
