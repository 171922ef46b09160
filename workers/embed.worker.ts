// Entry point of the embed worker: serves its contract. The embedding work itself lives in src/ml.
import { transfer } from 'comlink';
import { EmbedService } from '../src/ml/tasks/embed-service';
import type { EmbedApi, EmbedKind, EmbedLoadOptions } from './contracts/embed';
import { baseApi, reportGpuDeviceLost, serve, type CallContext } from './host';

const service = new EmbedService({ onGpuLost: reportGpuDeviceLost });

const api = {
  ...baseApi,
  load(this: CallContext, modelKey: string, options: EmbedLoadOptions) {
    return service.load(modelKey, options, this.signal);
  },
  async embed(this: CallContext, texts: string[], options: { kind: EmbedKind }) {
    const result = await service.embed(texts, options.kind, this.signal);
    return transfer(result, [result.vectors.buffer]);
  },
  countTokens(this: CallContext, texts: string[]) {
    return Promise.resolve(service.countTokens(texts));
  },
  info(this: CallContext) {
    return Promise.resolve(service.info());
  },
  unload(this: CallContext) {
    return service.unload();
  },
} satisfies EmbedApi;

serve('embed', api);
