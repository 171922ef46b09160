// Words the Models page and the model source settings show, in one place so they stay consistent.
import type { ModelHost } from '../../ml/model-host';
import type { ModelTask } from '../../ml/registry';
import type { ModelView } from '../../state/models.svelte';

export const TASK_LABELS: Record<ModelTask, string> = {
  'text-embedding': 'Text search',
  'image-text-embedding': 'Image search',
  captioning: 'Image descriptions',
  chat: 'Chat',
  'speech-to-text': 'Speech to text',
  reranking: 'Result ranking',
};

export function describeHost(host: ModelHost): string {
  switch (host.kind) {
    case 'hub':
      return 'Hugging Face';
    case 'site':
      return 'this site (models/ beside the app)';
    case 'custom':
      return host.baseUrl;
  }
}

export function describeStatus(view: ModelView): string {
  switch (view.status) {
    case 'checking':
      return 'Checking…';
    case 'absent':
      return 'Not downloaded';
    case 'downloading':
      return view.progress?.phase === 'loading' ? 'Starting…' : 'Downloading';
    case 'cached':
      return 'Downloaded, available offline';
    case 'loaded':
      return 'Ready';
    case 'failed':
      return 'Failed';
  }
}
