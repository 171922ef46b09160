// The Node half of the chat bench. The anchor: the same model files, the same prompt and the same
// greedy generation through transformers.js on onnxruntime-node (CPU, ORT's default threads), so the
// browser's figures read as a ratio of native speed on this machine. Beside it, the two steps before
// the first token that do not run the model: keyword retrieval over a SciFact subset (core Bm25Index,
// the code the search worker runs) and prompt building (core packContext counting with the real
// SmolLM2 tokenizer and chat template, as the llm worker does).
import {
  AutoModelForCausalLM,
  AutoTokenizer,
  env,
  TextStreamer,
  type PreTrainedTokenizer,
} from '@huggingface/transformers';
import { join } from 'node:path';
import { Bm25Index } from '../../src/core/bm25/bm25-index';
import { packContext, type PromptTokenCounter } from '../../src/core/rag/budget';
import type { Passage } from '../../src/core/rag/types';
import { loadBeir, type BeirDocument } from '../eval/beir';

export interface GenerationRun {
  promptTokens: number;
  /** Tokens with text (the end token not counted). */
  tokens: number;
  /** From the call to the first token's text. */
  firstTokenMs: number;
  /** Tokens per second after the first one. */
  tokensPerSecond: number;
  loadMs: number;
}

export interface StepTimes {
  /** Median ms per call. */
  medianMs: number;
  calls: number;
  detail: string;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function useFolder(root: string): void {
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = join(root, '/');
}

function counterOf(tokenizer: PreTrainedTokenizer): PromptTokenCounter {
  return {
    countTokens: (text) => tokenizer.encode(text, { add_special_tokens: false }).length,
    countPromptTokens: (messages) => {
      const { input_ids } = tokenizer.apply_chat_template(
        messages.map((m) => ({ role: m.role, content: m.content })),
        { add_generation_prompt: true, return_dict: true },
      ) as { input_ids: { dims: number[] } };
      return input_ids.dims.at(-1) ?? 0;
    },
  };
}

/** A user message whose chat-templated prompt is close to `target` tokens: SciFact abstracts, then a question. */
export async function fixedPrompt(
  root: string,
  model: string,
  corpus: readonly BeirDocument[],
  target: number,
) {
  useFolder(root);
  const tokenizer = await AutoTokenizer.from_pretrained(model);
  const counter = counterOf(tokenizer);
  const question = '\n\nWhat do these abstracts say about how cells respond to stress? Cite them as [n].';
  const words = corpus
    .slice(0, 20)
    .map((d) => `${d.title}. ${d.text}`)
    .join('\n\n')
    .split(' ');
  let low = 1;
  let high = words.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    const text = words.slice(0, mid).join(' ') + question;
    if (counter.countPromptTokens([{ role: 'user', content: text }]) <= target) low = mid;
    else high = mid - 1;
  }
  const prompt = words.slice(0, low).join(' ') + question;
  return { prompt, tokens: counter.countPromptTokens([{ role: 'user', content: prompt }]) };
}

/** One warm-up answer, then one timed answer, greedy, up to `maxNewTokens`. */
export async function runNativeGeneration(
  root: string,
  model: string,
  prompt: string,
  maxNewTokens: number,
): Promise<GenerationRun> {
  useFolder(root);
  const loadStarted = performance.now();
  const tokenizer = await AutoTokenizer.from_pretrained(model);
  const llm = await AutoModelForCausalLM.from_pretrained(model, { dtype: 'fp32', device: 'cpu' });
  const loadMs = performance.now() - loadStarted;
  const messages = [{ role: 'user', content: prompt }];
  const inputs = tokenizer.apply_chat_template(messages, {
    add_generation_prompt: true,
    return_dict: true,
  }) as {
    input_ids: { dims: number[] };
  };
  const answer = async () => {
    const stamps: number[] = [];
    const streamer = new TextStreamer(tokenizer, {
      skip_prompt: true,
      skip_special_tokens: true,
      callback_function: () => undefined,
      token_callback_function: (ids: bigint[]) => {
        if (ids.some((id) => id !== 2n)) stamps.push(performance.now());
      },
    });
    const started = performance.now();
    await llm.generate({ ...inputs, max_new_tokens: maxNewTokens, do_sample: false, streamer });
    return { started, stamps };
  };
  await answer();
  const { started, stamps } = await answer();
  await llm.dispose();
  const first = stamps[0] ?? started;
  const last = stamps.at(-1) ?? first;
  return {
    promptTokens: inputs.input_ids.dims.at(-1) ?? 0,
    tokens: stamps.length,
    firstTokenMs: first - started,
    tokensPerSecond: stamps.length > 1 ? (stamps.length - 1) / ((last - first) / 1000) : 0,
    loadMs,
  };
}

/** Keyword retrieval (top 12) for SciFact's judged questions over the first `docs` abstracts, and
 * packing each question's passages into a 2,048-token window with the real tokenizer. */
export async function runContextSteps(
  scifact: string,
  root: string,
  model: string,
  docs: number,
): Promise<{ retrieval: StepTimes; prompt: StepTimes; corpus: BeirDocument[] }> {
  const dataset = loadBeir(scifact);
  const corpus = dataset.corpus.slice(0, docs);
  const index = new Bm25Index();
  const byId = new Map(corpus.map((d) => [d.id, d]));
  for (const doc of corpus)
    index.add({ id: doc.id, fields: { title: doc.title, headings: '', body: doc.text } });
  const questions = [...dataset.queries.values()].slice(0, 100);
  const retrievalMs: number[] = [];
  const hits: Passage[][] = [];
  for (const question of questions) {
    const started = performance.now();
    const found = index.search(question, 12);
    retrievalMs.push(performance.now() - started);
    hits.push(
      found.map((hit, i) => ({
        chunkId: hit.id,
        documentId: hit.id,
        versionId: hit.id,
        ordinal: 0,
        title: byId.get(hit.id)?.title ?? '',
        headingPath: [],
        location: {},
        text: byId.get(hit.id)?.text ?? '',
        score: 12 - i,
      })),
    );
  }
  useFolder(root);
  const counter = counterOf(await AutoTokenizer.from_pretrained(model));
  const promptMs: number[] = [];
  let included = 0;
  let promptTokens = 0;
  questions.slice(0, 30).forEach((question, i) => {
    const started = performance.now();
    const packed = packContext({
      counter,
      contextWindow: 2048,
      reservedAnswerTokens: 256,
      passages: hits[i] ?? [],
      question,
    });
    promptMs.push(performance.now() - started);
    included += packed.passages.included;
    promptTokens += packed.promptTokens;
  });
  const n = promptMs.length;
  return {
    corpus,
    retrieval: {
      medianMs: median(retrievalMs),
      calls: retrievalMs.length,
      detail: `BM25 top 12 over ${String(corpus.length)} SciFact abstracts`,
    },
    prompt: {
      medianMs: median(promptMs),
      calls: n,
      detail: `12 passages packed into 2,048 tokens (mean ${(included / n).toFixed(1)} kept, ${String(Math.round(promptTokens / n))} prompt tokens)`,
    },
  };
}
