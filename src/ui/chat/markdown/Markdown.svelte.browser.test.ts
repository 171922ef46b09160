import { createRawSnippet, flushSync, mount, unmount, type ComponentProps } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import Markdown from './Markdown.svelte';

const HOSTILE = [
  '<script>window.__pwned = 1</script>',
  '<img src=x onerror="window.__pwned = 2">',
  '<svg onload="window.__pwned = 3"><script>window.__pwned = 4</script></svg>',
  '<iframe src="javascript:window.__pwned = 5"></iframe>',
  '<a href="javascript:window.__pwned = 6">html link</a>',
  '[md link](javascript:window.__pwned=7) [spaced](java%0ascript:x) [data](data:text/html,<b>x</b>)',
  '![image](javascript:window.__pwned=8) ![remote](https://tracker.example/pixel.png)',
  '```html\n<script>window.__pwned = 9</script><img src=x onerror=alert(1)>\n```',
  'Inline `<b onclick="x">code</b>` and &lt;script&gt;alert(1)&lt;/script&gt; and &#60;img src=x onerror=alert(1)&#62;',
  '<div style="background:url(javascript:alert(1))" onmouseover="alert(1)">styled</div>',
  '| <b onclick=x>a</b> | [t](vbscript:x) |\n|---|---|\n| <style>*{display:none}</style> | <form action=x><input></form> |',
  '> <details open ontoggle="window.__pwned = 10">',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>',
].join('\n\n');

let target: HTMLElement;
let component: ReturnType<typeof mount> | undefined;

afterEach(() => {
  if (component) void unmount(component);
  component = undefined;
  target.remove();
});

function render(props: ComponentProps<typeof Markdown>): HTMLElement {
  target = document.createElement('div');
  document.body.append(target);
  component = mount(Markdown, { target, props });
  flushSync();
  return target;
}

const chip = createRawSnippet((numbers: () => readonly number[]) => ({
  render: () => `<button type="button" class="chip">${numbers().join(',')}</button>`,
}));

describe('Markdown', () => {
  it('lets no element, event handler, script URL or fetch through from hostile Markdown', async () => {
    const root = render({ source: HOSTILE, sourceCount: 0 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
    const forbidden = root.querySelectorAll(
      'script, img, svg, iframe, style, form, input, details, math, object, embed',
    );
    expect([...forbidden].map((e) => e.tagName)).toEqual([]);
    for (const el of root.querySelectorAll('*')) {
      for (const attr of el.attributes) {
        expect(attr.name.startsWith('on'), `${el.tagName} ${attr.name}`).toBe(false);
        expect(attr.value.toLowerCase()).not.toMatch(/javascript:|vbscript:|data:/);
      }
    }
    expect(root.querySelectorAll('a')).toHaveLength(0);
    // The hostile text is visible as text, so a reader sees what the model wrote.
    expect(root.textContent).toContain('<script>window.__pwned = 1</script>');
    expect(root.textContent).toContain('<script>alert(1)</script>');
    expect(root.querySelector('pre code')?.textContent).toContain('<script>window.__pwned = 9</script>');
    expect(root.textContent).not.toContain('tracker.example');
  });

  it('renders Markdown structure: paragraphs, lists, emphasis, code, tables and safe links', () => {
    const root = render({
      source:
        '## Findings\n\nNaps **help** *memory*.\n\n- one\n- two\n\n```\ncode\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nSee [the study](https://example.org/s).',
    });
    expect(root.querySelector('h4')?.textContent).toBe('Findings');
    expect(root.querySelector('strong')?.textContent).toBe('help');
    expect(root.querySelector('em')?.textContent).toBe('memory');
    expect([...root.querySelectorAll('ul > li')].map((li) => li.textContent.trim())).toEqual(['one', 'two']);
    expect(root.querySelector('pre code')?.textContent).toBe('code');
    expect(root.querySelectorAll('table td')).toHaveLength(2);
    const link = root.querySelector('a');
    expect([link?.getAttribute('href'), link?.getAttribute('target'), link?.getAttribute('rel')]).toEqual([
      'https://example.org/s',
      '_blank',
      'noopener noreferrer',
    ]);
  });

  it('hands valid citation markers to the citation snippet and drops the others', () => {
    const root = render({
      source: 'Naps help [1][2]. Not this [7]. Nor `a[1]`.',
      sourceCount: 2,
      citation: chip,
    });
    expect([...root.querySelectorAll('.chip')].map((b) => b.textContent)).toEqual(['1,2']);
    expect(root.querySelector('p')?.textContent).toBe('Naps help 1,2. Not this. Nor a[1].');
  });

  it('holds back a citation marker still streaming in, then shows the chip', async () => {
    target = document.createElement('div');
    document.body.append(target);
    const props = $state({ source: 'Naps help [', sourceCount: 2, isStreaming: true, citation: chip });
    component = mount(Markdown, { target, props });
    flushSync();
    expect(target.textContent.trim()).toBe('Naps help');
    props.source = 'Naps help [1';
    flushSync();
    expect(target.textContent.trim()).toBe('Naps help');
    props.source = 'Naps help [1].';
    flushSync();
    expect(target.querySelector('.chip')?.textContent).toBe('1');
    await Promise.resolve();
  });
});
