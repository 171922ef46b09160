// The llm worker's API: one chat model, loaded on demand; generate() applies the model's chat template
// and streams each token's text on a MessagePort the caller transfers, and stops at the next step when
// the call is aborted (`client.with({ signal })`); prepare() packs a prompt by the model's real token
// counts. unload() frees the model when memory is wanted (ADR 0141). Type-only.
import type {
  ChatMessage,
  GenerateOptions,
  GenerateResult,
  GeneratedToken,
} from '../../src/ml/tasks/chat-generator';
import type { PreparedContext, PrepareRequest } from '../../src/ml/tasks/chat-context';
import type { BaseApi } from './base';
import type { LoadedModelInfo, ModelLoadOptions } from './model-load';

export type { ChatMessage, GenerateOptions, GenerateResult, GeneratedToken, PreparedContext, PrepareRequest };

export interface LlmGenerateOptions extends GenerateOptions {
  /**
   * Each token is posted here as a GeneratedToken as soon as it exists, then `null` once no more will
   * come, and the port is closed; transfer it (src/services/token-stream.ts reads it).
   */
  stream?: MessagePort;
}

export interface LlmApi extends BaseApi {
  load(modelKey: string, options: ModelLoadOptions): Promise<LoadedModelInfo>;
  generate(messages: ChatMessage[], options: LlmGenerateOptions): Promise<GenerateResult>;
  /** Tokens the messages take after the chat template (for packing context). */
  countTokens(messages: ChatMessage[]): Promise<number>;
  /**
   * Packs system prompt, history, passages and question into the loaded model's context window by its
   * own tokenizer and chat template, leaving the reserved answer room (core packContext).
   */
  prepare(request: PrepareRequest): Promise<PreparedContext>;
  info(): Promise<LoadedModelInfo | undefined>;
  /** Frees the model's sessions (its files stay cached). */
  unload(): Promise<void>;
}
