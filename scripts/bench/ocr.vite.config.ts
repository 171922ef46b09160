// The production build with the OCR bench's page (ocr.html) and tesseract.js's files beside it, so
// tesseract.js runs in the same Chromium from this origin, with no CDN: its worker script, the wasm cores
// it may pick (LSTM-only: relaxed SIMD, SIMD, plain) and both English data sets of
// @tesseract.js-data/eng, under models/ (never precached). Only the bench builds with this config, into
// its own folder; the app's build holds neither the page nor tesseract.js.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { mergeConfig, type Plugin } from 'vite';
import app from '../../vite.config.ts';
import { TESSERACT_DATA, TESSERACT_DIR } from './ocr-tesseract.ts';

const require = createRequire(import.meta.url);
const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));

function tesseractFiles(): { fileName: string; source: string }[] {
  const cores = ['tesseract-core-relaxedsimd-lstm', 'tesseract-core-simd-lstm', 'tesseract-core-lstm'];
  return [
    { fileName: 'worker.min.js', source: path.join(packageDir('tesseract.js'), 'dist/worker.min.js') },
    ...cores.map((core) => ({
      fileName: `core/${core}.wasm.js`,
      source: path.join(packageDir('tesseract.js-core'), `${core}.wasm.js`),
    })),
    ...TESSERACT_DATA.map((data) => ({
      fileName: `${data}/eng.traineddata.gz`,
      source: path.join(packageDir('@tesseract.js-data/eng'), data, 'eng.traineddata.gz'),
    })),
  ];
}

function tesseractPlugin(): Plugin {
  return {
    name: 'thinkbank:bench-tesseract',
    generateBundle() {
      if (this.environment.name !== 'client') return;
      for (const { fileName, source } of tesseractFiles()) {
        this.emitFile({ type: 'asset', fileName: TESSERACT_DIR + fileName, source: readFileSync(source) });
      }
    },
  };
}

export default mergeConfig(app, {
  plugins: [tesseractPlugin()],
  build: {
    rolldownOptions: {
      input: { index: 'index.html', 'ocr-bench': 'scripts/bench/ocr.html' },
    },
  },
});
