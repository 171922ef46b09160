// A chat model built from cached files: the real tokenizer applies the model's own chat template, the
// causal LM generates with its KV cache, and every new token is handed to the caller as soon as it
// exists (decoded text so far minus what was already sent, so multi-byte characters are never split).
// Generation stops at the model's end token, at `maxNewTokens`, or at the next step after the call's
// AbortSignal fires. The KV cache's dtype follows the graph's own cache inputs (fp16 graphs get fp16
// caches) and `transformers.js_config` in config.json; nothing here overrides them.
import {
  AutoModelForCausalLM,
  AutoTokenizer,
  type PreTrainedModel,
  type PreTrainedTokenizer,
  type Tensor,
  TextStreamer,
} from '@huggingface/transformers';
import type { BuildContext } from '../loading/model-loader';
import { ModelError } from '../loading/model-errors';
import { stopOnAbort, yieldBetweenSteps } from './generation-steps';
import { defined } from '../../core/defined';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface GenerateOptions {
  /** Answer length limit in tokens (default 256). */
  maxNewTokens?: number;
  /** 0 (default) picks the likeliest token every time; above 0 samples. */
  temperature?: number;
  topP?: number;
  topK?: number;
  repetitionPenalty?: number;
}

export interface GeneratedToken {
  /** Text this token added (may be empty while a character is incomplete). */
  text: string;
  /** Tokens generated so far. */
  tokens: number;
}

export interface GenerateResult {
  text: string;
  tokens: number;
  promptTokens: number;
  stopReason: 'end' | 'length' | 'cancelled';
  ms: number;
}

export const DEFAULT_MAX_NEW_TOKENS = 256;

/**
 * Sends each generated token's text as it arrives (TextStreamer waits for whole words; a chat UI wants
 * every token). The first `put` is the prompt and is skipped.
 */
class TokenStreamer extends TextStreamer {
  private readonly ids: bigint[] = [];
  private sent = 0;
  private isPromptSkipped = false;

  constructor(
    tokenizer: PreTrainedTokenizer,
    private readonly onToken: (token: GeneratedToken) => void,
  ) {
    super(tokenizer, { skip_prompt: true });
  }

  get count(): number {
    return this.ids.length;
  }

  override put(value: bigint[][]): void {
    if (!this.isPromptSkipped) {
      this.isPromptSkipped = true;
      return;
    }
    this.ids.push(...(value[0] ?? []));
    const text = this.text();
    // An incomplete multi-byte character decodes as U+FFFD; wait for the token that completes it.
    const piece = text.endsWith('\uFFFD') ? '' : text.slice(this.sent);
    this.sent += piece.length;
    this.onToken({ text: piece, tokens: this.ids.length });
  }

  override end(): void {
    const rest = this.text().slice(this.sent);
    if (rest !== '') {
      this.sent += rest.length;
      this.onToken({ text: rest, tokens: this.ids.length });
    }
  }

  text(): string {
    return this.tokenizer.decode(this.ids, { skip_special_tokens: true });
  }
}

export class ChatGenerator {
  constructor(
    private readonly tokenizer: PreTrainedTokenizer,
    private readonly model: PreTrainedModel,
  ) {}

  /** Tokens of plain text, without special tokens (for context budgets). */
  countTokens(text: string): number {
    return this.tokenizer.encode(text, { add_special_tokens: false }).length;
  }

  /** The longest sequence the model's config allows (max_position_embeddings), if it says. */
  get maxPositions(): number | undefined {
    const value = (this.model.config as unknown as Record<string, unknown>)['max_position_embeddings'];
    return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
  }

  /** Tokens `messages` take once the chat template is applied (for context budgets). */
  countPromptTokens(messages: readonly ChatMessage[]): number {
    return this.encode(messages).input_ids.dims.at(-1) ?? 0;
  }

  async generate(
    messages: readonly ChatMessage[],
    options: GenerateOptions,
    onToken: (token: GeneratedToken) => void,
    signal: AbortSignal,
  ): Promise<GenerateResult> {
    const started = performance.now();
    const inputs = this.encode(messages);
    const maxNewTokens = Math.max(1, Math.floor(options.maxNewTokens ?? DEFAULT_MAX_NEW_TOKENS));
    const temperature = options.temperature ?? 0;
    const sampling =
      temperature > 0
        ? {
            do_sample: true,
            temperature,
            ...defined({ top_p: options.topP, top_k: options.topK }),
          }
        : { do_sample: false };
    const streamer = new TokenStreamer(this.tokenizer, onToken);
    const stop = stopOnAbort(signal);
    try {
      await this.model.generate({
        ...inputs,
        max_new_tokens: maxNewTokens,
        ...sampling,
        ...defined({ repetition_penalty: options.repetitionPenalty }),
        streamer,
        stopping_criteria: [stop.criterion],
      });
    } finally {
      stop.release();
    }
    const tokens = streamer.count;
    return {
      text: streamer.text(),
      tokens,
      promptTokens: inputs.input_ids.dims.at(-1) ?? 0,
      stopReason: signal.aborted ? 'cancelled' : tokens >= maxNewTokens ? 'length' : 'end',
      ms: Math.round(performance.now() - started),
    };
  }

  private encode(messages: readonly ChatMessage[]): { input_ids: Tensor; attention_mask: Tensor } {
    return this.tokenizer.apply_chat_template(
      messages.map((m) => ({ role: m.role, content: m.content })),
      { add_generation_prompt: true, return_dict: true },
    );
  }

  async dispose(): Promise<void> {
    await this.model.dispose();
  }
}

export async function buildChatGenerator({ entry, pretrained, watch }: BuildContext): Promise<ChatGenerator> {
  if (entry.task !== 'chat') throw new ModelError(`${entry.label} is not a chat model.`, 'model-unknown');
  const [tokenizer, model] = await Promise.all([
    AutoTokenizer.from_pretrained(entry.repo, { revision: pretrained.revision }),
    AutoModelForCausalLM.from_pretrained(entry.repo, pretrained).then(watch),
  ]);
  if (!tokenizer.chat_template) {
    await model.dispose();
    throw new ModelError(`${entry.label} has no chat template in its tokenizer files.`, 'model-load-failed');
  }
  yieldBetweenSteps(model);
  return new ChatGenerator(tokenizer, model);
}
