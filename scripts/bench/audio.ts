// Audio speed: decoding (× real time) of every recording in a folder (default: every format of
// ../shared/data/audio-recordings) in the production build's speech worker in Chromium, beside the
// ffmpeg CLI decoding the same file to 16 kHz mono f32 in the same run; and decode + Silero VAD × real
// time on the WAV recordings. Medians of --runs (3). Table, and with --json one JSON object on the last
// line: {"decode":{FILE:{"ours","ffmpeg"}},"vad":{"timesRealTime","decodeAndVadTimesRealTime"},…}.
// The Whisper rows (speech to text × real time) are not measured here yet: `whisper` is null.
//   npm run bench:audio
//   npm run bench:audio -- --dataset DIR --runs 5 --no-build --json
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { openAudioPage } from './audio-browser';

const { values: args } = parseArgs({
  options: {
    dataset: {
      type: 'string',
      default: resolve(import.meta.dirname, '../../../shared/data/audio-recordings'),
    },
    runs: { type: 'string', default: '3' },
    'no-build': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const OUT = process.env['THINKBANK_OUT'] ?? 'dist-audio-bench';
const PORT = Number(process.env['THINKBANK_PORT'] ?? 4214);
const RUNS = Math.max(1, Number(args.runs));
export const TARGET_TIMES_REAL_TIME = 200;
const log = (line: string): void => {
  if (args.json) console.error(line);
  else console.log(line);
};
const run = promisify(execFile);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}

async function ffmpegMs(file: string): Promise<number> {
  const t0 = performance.now();
  await run('ffmpeg', [
    '-hide_banner',
    '-loglevel',
    'error',
    '-i',
    file,
    '-vn',
    '-ac',
    '1',
    '-ar',
    '16000',
    '-f',
    'f32le',
    '-y',
    '/dev/null',
  ]);
  return performance.now() - t0;
}

async function main(): Promise<void> {
  const files = readdirSync(args.dataset)
    .filter((f) => /\.(wav|mp3|m4a|aac|ogg|opus|webm|flac|mp4|mov|mkv)$/i.test(f))
    .sort();
  const page = await openAudioPage({
    outDir: OUT,
    port: PORT,
    build: !args['no-build'],
    dataset: args.dataset,
  });
  const decode: Record<string, { seconds: number; ours: number; ffmpeg: number; codec: string }> = {};
  let vadAudioSec = 0;
  const vadRuns: { vadMs: number; totalMs: number }[][] = [];
  try {
    for (const file of files) {
      await page.decode(file); // untimed: the worker, the decoder and the file's bytes warm up
      const ours: number[] = [];
      const theirs: number[] = [];
      let seconds = 0;
      let codec = '';
      for (let i = 0; i < RUNS; i++) {
        const summary = await page.decode(file);
        seconds = summary.durationSec;
        codec = `${summary.source.container}/${summary.source.codec}`;
        ours.push(summary.ms);
        theirs.push(await ffmpegMs(join(args.dataset, file)));
      }
      decode[file] = {
        seconds,
        codec,
        ours: seconds / (median(ours) / 1000),
        ffmpeg: seconds / (median(theirs) / 1000),
      };
      log(`${file}: ours ${decode[file].ours.toFixed(0)}×, ffmpeg ${decode[file].ffmpeg.toFixed(0)}×`);
    }
    const wavs = files.filter((f) => f.endsWith('.wav'));
    if (wavs[0] !== undefined) await page.detect(wavs[0]); // loads the model, untimed
    for (let i = 0; i < RUNS; i++) {
      const runs: { vadMs: number; totalMs: number }[] = [];
      for (const file of wavs) {
        const found = await page.detect(file);
        if (i === 0) vadAudioSec += found.durationSec;
        runs.push({ vadMs: found.vadMs, totalMs: found.totalMs });
      }
      vadRuns.push(runs);
    }
  } finally {
    await page.close();
  }
  const vadMs = median(vadRuns.map((r) => r.reduce((s, x) => s + x.vadMs, 0)));
  const totalMs = median(vadRuns.map((r) => r.reduce((s, x) => s + x.totalMs, 0)));
  const result = {
    decode,
    vad: {
      audioSeconds: vadAudioSec,
      timesRealTime: vadAudioSec / (vadMs / 1000),
      decodeAndVadTimesRealTime: vadAudioSec / (totalMs / 1000),
      target: TARGET_TIMES_REAL_TIME,
    },
    whisper: null,
    runs: RUNS,
  };
  log('\n| file | codec | seconds | decode ours (× real time) | ffmpeg (× real time) | ours / ffmpeg |');
  log('|---|---|---|---|---|---|');
  for (const [file, d] of Object.entries(decode)) {
    log(
      `| ${file} | ${d.codec} | ${d.seconds.toFixed(1)} | ${d.ours.toFixed(0)} | ${d.ffmpeg.toFixed(0)} | ${(d.ours / d.ffmpeg).toFixed(2)} |`,
    );
  }
  log(
    `\nVoice activity (Silero VAD v5, WASM) on ${String(Math.round(vadAudioSec))} s of WAV: ${result.vad.timesRealTime.toFixed(0)}× real time; decode + VAD ${result.vad.decodeAndVadTimesRealTime.toFixed(0)}× (target ${String(TARGET_TIMES_REAL_TIME)}×).`,
  );
  log(
    'Speech to text (Whisper-tiny / -base shapes, WASM and WebGPU, beside onnxruntime-node): not measured yet.',
  );
  if (args.json) console.log(JSON.stringify(result));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
