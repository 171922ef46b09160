import {
  pipeline,
  type AutomaticSpeechRecognitionPipeline,
  RawImage,
  TextStreamer,
  type Message,
  type TextGenerationPipeline,
} from '@huggingface/transformers';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { TINY_CAPTIONER } from './captioner';
import { CHAT_CITE_ANSWER, tokenize } from './chat-cite';
import { SHARED_MODELS } from './generate';
import { TINY_CHAT_LLM } from './llama';
import { decodeWav } from './test-audio';
import { PIPELINE_TIMEOUT_MS, useGeneratedModels } from './test-models';
import { TINY_WHISPER } from './whisper';

const question: Message[] = [{ role: 'user', content: 'What do my notes say about cats?' }];

/** Counts the tokens a generation produces after its prompt. */
function tokenCounter(tokenizer: TextGenerationPipeline['tokenizer']) {
  const counter = {
    tokens: 0,
    streamer: new TextStreamer(tokenizer, {
      skip_prompt: true,
      callback_function: () => undefined,
      token_callback_function: (ids: bigint[]) => (counter.tokens += ids.length),
    }),
  };
  return counter;
}

/** Runs a chat turn, streaming; returns the answer, the streamed text and the token count. */
async function chat(generator: TextGenerationPipeline, maxNewTokens: number, messages: Message[] = question) {
  const pieces: string[] = [];
  let tokens = 0;
  const streamer = new TextStreamer(generator.tokenizer, {
    skip_prompt: true,
    callback_function: (text: string) => pieces.push(text),
    token_callback_function: (ids: bigint[]) => (tokens += ids.length),
  });
  const [output] = (await generator(messages, { max_new_tokens: maxNewTokens, streamer })) as {
    generated_text: Message[];
  }[];
  const answer = output?.generated_text.at(-1);
  const content = typeof answer?.content === 'string' ? answer.content : '';
  return { role: answer?.role, content, streamed: pieces, tokens };
}

describe('test/chat-llm', () => {
  let generator: TextGenerationPipeline;
  beforeAll(async () => {
    useGeneratedModels('test/chat-llm');
    generator = await pipeline('text-generation', 'test/chat-llm');
  }, PIPELINE_TIMEOUT_MS);

  it('formats chat messages with the ChatML template', () => {
    const prompt = generator.tokenizer.apply_chat_template(question, {
      tokenize: false,
      add_generation_prompt: true,
    });
    expect(prompt).toContain('<|im_start|>user\nWhat do my notes say about cats?<|im_end|>');
    expect(prompt).toMatch(/<\|im_start\|>assistant\n$/);
  });

  it(
    'streams a varied answer and stops by itself after its configured length',
    async () => {
      const { role, content, streamed, tokens } = await chat(generator, 64);
      expect(role).toBe('assistant');
      expect(streamed.length).toBeGreaterThan(1);
      expect(streamed.join('')).toBe(content);
      // eosAfter text tokens, then <|im_end|>: well before max_new_tokens.
      expect(tokens).toBe(TINY_CHAT_LLM.eosAfter + 1);
      const words = new Set(content.split(/\s+/).filter((w) => w !== ''));
      expect(words.size).toBeGreaterThan(5);
    },
    PIPELINE_TIMEOUT_MS,
  );

  it(
    'stops at max_new_tokens when that comes first',
    async () => {
      const { content, tokens } = await chat(generator, 5);
      expect(tokens).toBe(5);
      expect(content.length).toBeGreaterThan(0);
    },
    PIPELINE_TIMEOUT_MS,
  );
});

describe('test/chat-cite', () => {
  let generator: TextGenerationPipeline;
  const scriptLength = tokenize(join(SHARED_MODELS, 'HuggingFaceTB/SmolLM2-135M-Instruct'), CHAT_CITE_ANSWER).length;
  beforeAll(async () => {
    useGeneratedModels('test/chat-cite');
    generator = await pipeline('text-generation', 'test/chat-cite');
  }, PIPELINE_TIMEOUT_MS);

  it.each([
    ['a short question', question],
    [
      'a system prompt with sources and a long question',
      [
        { role: 'system', content: 'Answer from the sources. Cite them as [n].\n[1] Cats sleep a lot.\n[2] Dogs bark.' },
        { role: 'user', content: 'Tell me everything my notes say about cats, dogs and the sea, with citations. '.repeat(8) },
      ] satisfies Message[],
    ],
  ])(
    'says the scripted answer one token at a time, then ends, given %s',
    async (_, messages) => {
      const { role, content, streamed, tokens } = await chat(generator, 128, messages);
      expect(role).toBe('assistant');
      expect(content).toBe(CHAT_CITE_ANSWER);
      expect(streamed.join('')).toBe(CHAT_CITE_ANSWER);
      // Every script token, then <|im_end|>.
      expect(scriptLength).toBeGreaterThan(20);
      expect(tokens).toBe(scriptLength + 1);
    },
    PIPELINE_TIMEOUT_MS,
  );

  it(
    'says the start of the script when max_new_tokens cuts it short',
    async () => {
      const { content, tokens } = await chat(generator, 4);
      expect(tokens).toBe(4);
      expect(CHAT_CITE_ANSWER.startsWith(content)).toBe(true);
      expect(content.length).toBeGreaterThan(0);
    },
    PIPELINE_TIMEOUT_MS,
  );
});

describe('test/captioner', () => {
  beforeAll(() => {
    useGeneratedModels('test/captioner');
  });

  it(
    'captions images with text that depends on the image',
    async () => {
      const captioner = await pipeline('image-to-text', 'test/captioner');
      const counter = tokenCounter(captioner.tokenizer);
      const caption = async (seed: number) => {
        const pixels = new Uint8ClampedArray(64 * 48 * 3).map((_, i) => (i * seed) % 256);
        const image = new RawImage(pixels, 64, 48, 3);
        const [out] = (await captioner(image, { streamer: counter.streamer })) as { generated_text: string }[];
        return out?.generated_text ?? '';
      };
      const first = await caption(251);
      expect(first.trim().length).toBeGreaterThan(0);
      // eosAfter text tokens, then end-of-sequence.
      expect(counter.tokens).toBe(TINY_CAPTIONER.eosAfter + 1);
      expect(await caption(7)).not.toBe(first);
      await captioner.dispose();
    },
    PIPELINE_TIMEOUT_MS,
  );
});

describe('test/whisper', () => {
  let asr: AutomaticSpeechRecognitionPipeline;
  const speech = (): Float32Array => {
    const clip = decodeWav(readFileSync(join(SHARED_MODELS, '..', 'data', 'audio', 'jfk', 'jfk.wav')));
    expect(clip.sampleRate).toBe(16000);
    return clip.samples;
  };
  beforeAll(async () => {
    useGeneratedModels('test/whisper');
    asr = await pipeline('automatic-speech-recognition', 'test/whisper');
  }, PIPELINE_TIMEOUT_MS);

  it(
    'transcribes a real 16 kHz recording into a transcript that depends on the audio',
    async () => {
      const counter = tokenCounter(asr.tokenizer);
      const heard = (await asr(speech(), { streamer: counter.streamer })) as { text: string };
      expect(heard.text.trim().length).toBeGreaterThan(0);
      expect(counter.tokens).toBe(TINY_WHISPER.eosAfter + 1);
      const silence = (await asr(new Float32Array(16000))) as { text: string };
      expect(silence.text).not.toBe(heard.text);
    },
    PIPELINE_TIMEOUT_MS,
  );

  it(
    'returns one chunk starting at 0 s when asked for timestamps',
    async () => {
      const out = (await asr(speech(), { return_timestamps: true })) as {
        text: string;
        chunks: { timestamp: [number, number | null]; text: string }[];
      };
      expect(out.chunks).toHaveLength(1);
      expect(out.chunks[0]?.timestamp[0]).toBe(0);
      expect(out.chunks[0]?.text).toBe(out.text);
    },
    PIPELINE_TIMEOUT_MS,
  );
});
