// Every model task in the real workers of the production build, on WebGPU (SwiftShader) and on WASM,
// with the generated random-weight models served by this site (`npm run models:link -- models`): the
// chat model streams its answer token by token and Stop ends it mid-answer; the captioner describes a
// COCO photo; Whisper transcribes a real recording (WAV decoded in the worker, MP3 by the browser);
// CLIP gives picture and text vectors of the configured size. The outputs are random words (the weights
// are random): the tests hold their shape, not their meaning.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures';
import { TaskCard, useThisSite } from './model-cards';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const DATA = join(import.meta.dirname, '../../shared/data');
const COCO = join(DATA, 'coco-val2017-mini', 'images');
const cocoPhoto = join(
  COCO,
  readdirSync(COCO)
    .filter((f) => f.endsWith('.jpg'))
    .sort()[0] ?? 'missing.jpg',
);
const JFK_WAV = join(DATA, 'audio', 'jfk', 'jfk.wav');
const JFK_MP3 = join(DATA, 'audio', 'jfk', 'jfk.mp3');

test.describe('Model tasks in their workers', () => {
  test.beforeEach(async ({ page }) => {
    await useThisSite(page);
  });

  test('chat streams its answer token by token, and Stop ends it mid-answer', async ({ page }, info) => {
    const chat = await TaskCard.load(page, 'Chat', 'test/chat-llm', info.project.name);
    const answer = chat.card.getByRole('log', { name: 'Answer of test/chat-llm' });
    await chat.card.getByLabel('Prompt for test/chat-llm').fill('What do my notes say about cats?');

    // Watch the answer grow: every distinct length the page shows while tokens arrive.
    await answer.evaluate((node) => {
      const seen: number[] = [];
      (window as unknown as { answerLengths: number[] }).answerLengths = seen;
      new MutationObserver(() => seen.push(node.textContent.length)).observe(node, {
        childList: true,
        characterData: true,
        subtree: true,
      });
    });
    await chat.card.getByRole('button', { name: 'Send' }).click();
    await expect(chat.status).toHaveText(/^Done: \d+ tokens in \d+ ms\.$/, { timeout: 0 });
    const full = Number(await chat.status.getAttribute('data-tokens'));
    const lengths = await page.evaluate(
      () => (window as unknown as { answerLengths: number[] }).answerLengths,
    );
    const growing = [...new Set(lengths.filter((n) => n > 0))];
    expect(growing.length).toBeGreaterThanOrEqual(5);
    expect(growing).toEqual([...growing].sort((a, b) => a - b));
    expect((await answer.innerText()).trim().length).toBeGreaterThan(0);
    expect(full).toBeGreaterThan(10);

    // Stop as soon as the third piece of the next answer shows.
    await answer.evaluate((node) => {
      let changes = 0;
      const observer = new MutationObserver(() => {
        if (node.textContent.length > 0) changes++;
        if (changes === 3) {
          observer.disconnect();
          const stop = [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Stop');
          stop?.click();
        }
      });
      observer.observe(node, { childList: true, characterData: true, subtree: true });
    });
    await chat.card.getByRole('button', { name: 'Send' }).click();
    await expect(chat.status).toHaveText(/^Stopped after \d+ tokens\.$/, { timeout: 0 });
    const stoppedAt = Number(/\d+/.exec(await chat.status.innerText())?.[0]);
    expect(stoppedAt).toBeGreaterThanOrEqual(3);
    expect(stoppedAt).toBeLessThan(full);
    await expect(chat.card.getByRole('button', { name: 'Send' })).toBeEnabled();
    // The worker is free again: a new answer runs to its end.
    await chat.card.getByRole('button', { name: 'Send' }).click();
    await expect(chat.status).toHaveText(/^Done: \d+ tokens/, { timeout: 0 });
  });

  test('the captioner describes a COCO photo and the sample picture', async ({ page }, info) => {
    const captioner = await TaskCard.load(page, 'Image descriptions', 'test/captioner', info.project.name);
    await captioner.card.getByLabel('Choose a picture for test/captioner').setInputFiles(cocoPhoto);
    await expect(captioner.status).toHaveText(/^Caption: “\S.*” \(\d+ ms\)$/, { timeout: 0 });
    const photo = await captioner.status.innerText();
    await captioner.card.getByRole('button', { name: /^Try the sample picture/ }).click();
    await expect(captioner.status).toHaveText(/^Caption: “\S.*” \(\d+ ms\)$/, { timeout: 0 });
    expect(await captioner.status.innerText()).not.toBe(photo);
  });

  test('Whisper transcribes a WAV recording in the worker and an MP3 decoded by the browser', async ({
    page,
  }, info) => {
    const whisper = await TaskCard.load(page, 'Speech to text', 'test/whisper', info.project.name);
    const input = whisper.card.getByLabel('Choose a recording for test/whisper');
    await input.setInputFiles(JFK_WAV);
    await expect(whisper.status).toHaveText(/^Transcript of 11\.0 s of audio in \d+ ms: “\S.*”$/, {
      timeout: 0,
    });
    await expect(whisper.card.getByRole('list', { name: 'Timed parts' }).getByRole('listitem')).toHaveText([
      /^0\.0 s – (end|[\d.]+ s): \S/,
    ]);
    await input.setInputFiles(JFK_MP3);
    await expect(whisper.status).toHaveText(/^Transcript of 11\.\d s of audio in \d+ ms: “\S.*”$/, {
      timeout: 0,
    });
  });

  test('CLIP gives picture and text vectors of the configured size', async ({ page }, info) => {
    const clip = await TaskCard.load(page, 'Image search', 'test/clip', info.project.name);
    await clip.card.getByRole('button', { name: /^Try the sample picture/ }).click();
    const shape = /^Picture vector: 64 numbers\. Text vector: 64 numbers\. Similarity -?[01]\.\d{3}\.$/;
    await expect(clip.status).toHaveText(shape, { timeout: 0 });
    await clip.card.getByLabel('Choose a picture for test/clip').setInputFiles(cocoPhoto);
    await expect(clip.status).toHaveText(shape, { timeout: 0 });
  });

  test('the Try it parts of loaded models pass the accessibility check', async ({ page }, info) => {
    await TaskCard.load(page, 'Chat', 'test/chat-llm', info.project.name);
    const speech = await TaskCard.load(page, 'Speech to text', 'test/whisper', info.project.name);
    await speech.card.getByLabel('Choose a recording for test/whisper').setInputFiles(JFK_WAV);
    await expect(speech.status).toHaveText(/^Transcript of/, { timeout: 0 });
    await TaskCard.load(page, 'Image descriptions', 'test/captioner', info.project.name);
    const results = await new AxeBuilder({ page }).include('main').analyze();
    const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });

  test('on a device with little memory, loading the captioner unloads the chat model first', async ({
    page,
  }, info) => {
    // The device says it has 2 GB (navigator.deviceMemory), as a small laptop or phone does.
    await page.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, 'deviceMemory', { configurable: true, get: () => 2 });
    });
    await page.reload();
    const chat = await TaskCard.load(page, 'Chat', 'test/chat-llm', info.project.name);
    await TaskCard.load(page, 'Image descriptions', 'test/captioner', info.project.name);
    await expect(chat.state).toHaveText('Downloaded, available offline');
    await expect(page.getByRole('status').filter({ hasText: /^Unloaded test\/chat-llm/ })).toContainText(
      'to make room for test/captioner: this device has 2 GB of memory',
    );
  });

  test('Settings → Run models on the processor with 1 thread is what the worker uses', async ({
    page,
  }, info) => {
    await page.goto('./#/settings');
    await page.getByRole('radio', { name: /The processor \(WASM\)/ }).check();
    await page.getByLabel('Processor threads').selectOption('1');
    await page.getByRole('button', { name: 'Save where models run' }).click();
    await expect(page.getByText(/^Saved\. Models load again/)).toBeVisible();
    const clip = await TaskCard.load(page, 'Image search', 'test/clip', info.project.name, 'WASM, 1 thread');
    await clip.card.getByRole('button', { name: /^Try the sample picture/ }).click();
    await expect(clip.status).toHaveText(/^Picture vector: 64 numbers/, { timeout: 0 });
  });
});
