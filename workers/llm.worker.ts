// Entry point of the llm worker: serves its contract. The chat model and its generation loop live in
// src/ml/tasks; tokens go to the caller's port as they are produced.
import { buildChatGenerator, type ChatGenerator, type GeneratedToken } from '../src/ml/tasks/chat-generator';
import { prepareChatContext } from '../src/ml/tasks/chat-context';
import { CurrentModel } from '../src/ml/tasks/current-model';
import type { ChatMessage, LlmApi, LlmGenerateOptions, PrepareRequest } from './contracts/llm';
import type { ModelLoadOptions } from './contracts/model-load';
import { baseApi, reportGpuDeviceLost, serve, type CallContext } from './host';

const chat = new CurrentModel<ChatGenerator>(['chat'], 'chat model', buildChatGenerator, {
  onGpuLost: reportGpuDeviceLost,
});

const api = {
  ...baseApi,
  async load(this: CallContext, modelKey: string, options: ModelLoadOptions) {
    return (await chat.load(modelKey, options, this.signal)).info;
  },
  async generate(this: CallContext, messages: ChatMessage[], options: LlmGenerateOptions) {
    const { stream, ...settings } = options;
    try {
      return await chat.require().value.generate(
        messages,
        settings,
        (token: GeneratedToken) => {
          stream?.postMessage(token);
        },
        this.signal,
      );
    } finally {
      // The end marker: the caller waits for it, so no token is lost behind the result (token-stream.ts).
      stream?.postMessage(null);
      stream?.close();
    }
  },
  countTokens(this: CallContext, messages: ChatMessage[]) {
    return Promise.resolve(chat.require().value.countPromptTokens(messages));
  },
  prepare(this: CallContext, request: PrepareRequest) {
    const loaded = chat.require();
    return Promise.resolve(prepareChatContext(loaded.value, chat.entry(), loaded.info.modelKey, request));
  },
  info(this: CallContext) {
    return Promise.resolve(chat.info());
  },
  unload(this: CallContext) {
    return chat.unload();
  },
} satisfies LlmApi;

serve('llm', api);
