import { flushSync, mount, unmount, type ComponentProps } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatMessageView, ChatSource } from '../../state/chat-types';
import ChatAnswer from './ChatAnswer.svelte';

let target: HTMLElement;
let component: ReturnType<typeof mount> | undefined;

afterEach(() => {
  if (component) void unmount(component);
  component = undefined;
  target.remove();
});

function render(props: ComponentProps<typeof ChatAnswer>): HTMLElement {
  target = document.createElement('div');
  document.body.append(target);
  component = mount(ChatAnswer, { target, props });
  flushSync();
  return target;
}

function source(n: number, overrides: Partial<ChatSource> = {}): ChatSource {
  return {
    n,
    chunkId: `c${String(n)}`,
    documentId: 'd1',
    title: 'Garden',
    type: 'markdown',
    label: `Garden › Beans, page ${String(n)}`,
    location: { page: n },
    excerpt: `Passage ${String(n)}`,
    isCited: n === 1,
    ...overrides,
  };
}

function answer(overrides: Partial<ChatMessageView> = {}): ChatMessageView {
  return {
    id: 'a1',
    role: 'assistant',
    text: 'Sow beans in May [1]. Not a source [9].',
    status: 'done',
    sources: [source(1), source(2)],
    timings: { firstTokenMs: 120, tokensPerSecond: 12.5 },
    createdAt: 0,
    ...overrides,
  };
}

const chipNames = (root: HTMLElement) =>
  [...root.querySelectorAll<HTMLButtonElement>('button.chip')].map((b) => b.getAttribute('aria-label'));

describe('ChatAnswer', () => {
  describe('citations', () => {
    it('draws a chip for a marker with a source and drops one without', () => {
      const root = render({ message: answer(), onOpen: () => undefined });
      expect(chipNames(root)).toEqual(['Source 1: Garden › Beans, page 1']);
      expect(root.textContent).not.toContain('[9]');
    });

    it('opens the source a chip names when it is pressed', () => {
      const opened: ChatSource[] = [];
      const root = render({ message: answer(), onOpen: (s: ChatSource) => opened.push(s) });
      root.querySelector<HTMLButtonElement>('button.chip')?.click();
      expect(opened.map((s) => s.chunkId)).toEqual(['c1']);
    });

    it('holds back a marker still being typed while the answer streams', () => {
      const root = render({
        message: answer({ text: 'Sow beans [1', status: 'generating' }),
        onOpen: () => undefined,
      });
      expect(root.querySelector('[data-testid="answer-text"]')?.textContent.trim()).toBe('Sow beans');
      expect(root.querySelector('article')?.getAttribute('aria-busy')).toBe('true');
      expect(root.textContent).toContain('Writing…');
    });
  });

  describe('sources', () => {
    it('lists the cited sources open and folds the others, once the answer is done', () => {
      const root = render({
        message: answer({ sources: [source(2), source(1)] }),
        onOpen: () => undefined,
      });
      const items = (name: string) =>
        [...root.querySelectorAll(`ol[aria-label="${name}"] li`)].map((li) =>
          li.textContent.replace(/\s+/g, ' ').trim(),
        );
      expect(items('Sources')).toEqual(['[1] Garden › Beans, page 1 Passage 1']);
      expect(items('Also given to the model')).toEqual(['[2] Garden › Beans, page 2 · not cited Passage 2']);
      expect([...root.querySelectorAll('details')].map((d) => d.open)).toEqual([true, false]);
      expect(root.textContent).toContain('First token after 120 ms · 12.5 tokens/s');
    });
  });

  describe('abstained and failed answers', () => {
    it('says the library does not hold the answer and lists the nearest passages', () => {
      const root = render({
        message: answer({
          status: 'abstained',
          text: 'Your library does not seem to say.',
          sources: [source(1, { isCited: false })],
        }),
        onOpen: () => undefined,
      });
      expect(root.textContent).toContain('Your library does not seem to say.');
      expect(root.querySelectorAll('ol[aria-label="Nearest passages"] li')).toHaveLength(1);
      expect(root.querySelector('details')?.open).toBe(true);
    });

    it('shows the error and a Retry that asks again', () => {
      let retried = 0;
      const root = render({
        message: answer({ status: 'failed', text: '', error: 'The chat model stopped while answering.' }),
        onOpen: () => undefined,
        onRetry: () => {
          retried++;
        },
      });
      expect(root.textContent).toContain('The answer failed: The chat model stopped while answering.');
      const retry = [...root.querySelectorAll('button')].find((b) => b.textContent === 'Retry');
      retry?.click();
      expect(retried).toBe(1);
    });
  });
});
