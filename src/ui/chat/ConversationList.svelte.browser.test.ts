import { flushSync, mount, unmount, type ComponentProps } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConversationSummary } from '../../state/chat-types';
import ConversationList from './ConversationList.svelte';

let target: HTMLElement;
let component: ReturnType<typeof mount> | undefined;

afterEach(() => {
  if (component) void unmount(component);
  component = undefined;
  target.remove();
});

const CONVERSATIONS: ConversationSummary[] = [
  { id: 'a', title: 'Beans', updatedAt: 2, scope: { kind: 'library' } },
  { id: 'b', title: 'Comets', updatedAt: 1, scope: { kind: 'library' } },
];

function render(overrides: Partial<ComponentProps<typeof ConversationList>> = {}): HTMLElement {
  target = document.createElement('div');
  document.body.append(target);
  component = mount(ConversationList, {
    target,
    props: {
      conversations: CONVERSATIONS,
      currentId: 'a',
      onOpen: () => undefined,
      onNew: () => undefined,
      onRename: () => Promise.resolve(undefined),
      onRemove: () => Promise.resolve(undefined),
      ...overrides,
    },
  });
  flushSync();
  return target;
}

const button = (root: HTMLElement, name: string) => {
  const found = [...root.querySelectorAll('button')].find(
    (b) => (b.getAttribute('aria-label') ?? b.textContent.trim()) === name,
  );
  if (!found) throw new Error(`no button named ${name}`);
  return found;
};

/** Lets the awaited callback settle and the component update. */
const settle = async () => {
  await new Promise((resolve) => setTimeout(resolve, 0));
  flushSync();
};

describe('ConversationList', () => {
  describe('rename', () => {
    it('saves the typed name through onRename and closes the form', async () => {
      const renamed: [string, string][] = [];
      const root = render({
        onRename: (id: string, title: string) => {
          renamed.push([id, title]);
          return Promise.resolve(undefined);
        },
      });
      button(root, 'Rename “Comets”').click();
      flushSync();
      const input = root.querySelector<HTMLInputElement>('#rename-b');
      expect(input?.value).toBe('Comets');
      if (input) {
        input.value = 'Sky notes';
        input.dispatchEvent(new Event('input', { bubbles: true }));
      }
      button(root, 'Save').click();
      await settle();
      expect(renamed).toEqual([['b', 'Sky notes']]);
      expect(root.querySelector('#rename-b')).toBeNull();
    });

    it('shows why a rename failed and keeps the form open', async () => {
      const root = render({ onRename: () => Promise.resolve('The name is too long.') });
      button(root, 'Rename “Beans”').click();
      flushSync();
      button(root, 'Save').click();
      await settle();
      expect(root.querySelector('[role="alert"]')?.textContent).toBe('The name is too long.');
      expect(root.querySelector('#rename-a')).not.toBeNull();
    });
  });

  describe('delete', () => {
    it('deletes only after the confirmation, and Keep cancels', async () => {
      const removed: string[] = [];
      const root = render({
        onRemove: (id: string) => {
          removed.push(id);
          return Promise.resolve(undefined);
        },
      });
      button(root, 'Delete “Beans”').click();
      flushSync();
      expect(root.textContent).toContain('Delete “Beans” and its messages?');
      button(root, 'Keep').click();
      flushSync();
      expect(removed).toEqual([]);
      button(root, 'Delete “Beans”').click();
      flushSync();
      button(root, 'Delete').click();
      await settle();
      expect(removed).toEqual(['a']);
    });
  });

  describe('open', () => {
    it('marks the open conversation and opens another on click', () => {
      const opened: string[] = [];
      const root = render({ onOpen: (id: string) => opened.push(id) });
      expect(button(root, 'Beans').getAttribute('aria-current')).toBe('true');
      button(root, 'Comets').click();
      expect(opened).toEqual(['b']);
    });
  });
});
