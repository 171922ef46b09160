import { describe, expect, it } from 'vitest';
import { decodeEntities, renderTree, safeHref, type BlockNode, type InlineNode } from './markdown';

/** Every string value anywhere in the tree, to look for anything that could become markup. */
function allNodes(blocks: readonly BlockNode[]): (BlockNode | InlineNode)[] {
  const out: (BlockNode | InlineNode)[] = [];
  const visitInline = (n: InlineNode) => {
    out.push(n);
    if ('children' in n) {
      n.children.forEach(visitInline);
    }
  };
  const visitBlock = (b: BlockNode) => {
    out.push(b);
    if (b.kind === 'quote') b.children.forEach(visitBlock);
    else if (b.kind === 'list') b.items.flat().forEach(visitBlock);
    else if (b.kind === 'table')
      [...b.header, ...b.rows.flat()].forEach((c) => {
        c.children.forEach(visitInline);
      });
    else if ('children' in b) b.children.forEach(visitInline);
  };
  blocks.forEach(visitBlock);
  return out;
}

describe('markdown', () => {
  describe('safeHref', () => {
    it('keeps absolute http(s) and mailto links, normalised', () => {
      expect(safeHref(' https://example.org/a b ')).toBe('https://example.org/a%20b');
      expect(safeHref('mailto:a@example.org')).toBe('mailto:a@example.org');
    });

    it('refuses script, data, file, relative and disguised targets', () => {
      for (const href of [
        'javascript:alert(1)',
        'JaVaScRiPt:alert(1)',
        'java\nscript:alert(1)',
        '\u0001javascript:alert(1)',
        'vbscript:x',
        'data:text/html,<script>alert(1)</script>',
        'file:///etc/passwd',
        '/relative',
        '#/library',
        '//evil.example/x',
      ]) {
        expect(safeHref(href), href).toBeUndefined();
      }
    });
  });

  describe('decodeEntities', () => {
    it('decodes named and numeric references and leaves unknown ones', () => {
      expect(decodeEntities('&lt;b&gt; &amp;amp; &#x41;&#66; &copy; &bogus; &#0;')).toBe(
        '<b> &amp; AB © &bogus; \ufffd',
      );
    });
  });

  describe('renderTree', () => {
    it('renders paragraphs, emphasis, lists, code, tables and safe links as nodes', () => {
      const tree = renderTree(
        '# Title\n\nSome **bold** and *it* `x<y`.\n\n1. one\n2. two\n\n| a | b |\n|:-|-:|\n| 1 | 2 |\n\n[site](https://example.org)',
        0,
      );
      expect(tree.map((b) => b.kind)).toEqual(['heading', 'paragraph', 'list', 'table', 'paragraph']);
      expect(tree[0]).toEqual({ kind: 'heading', level: 3, children: [{ kind: 'text', text: 'Title' }] });
      expect(tree[3]).toMatchObject({ kind: 'table', header: [{ align: 'left' }, { align: 'right' }] });
      expect(tree[4]).toEqual({
        kind: 'paragraph',
        children: [
          {
            kind: 'link',
            href: 'https://example.org/',
            title: undefined,
            children: [{ kind: 'text', text: 'site' }],
          },
        ],
      });
    });

    it('turns raw HTML, unsafe links and images into plain text nodes', () => {
      const tree = renderTree(
        '<script>alert(1)</script>\n\nHi <img src=x onerror=alert(1)> [x](javascript:alert(1)) ![pic](https://tracker.example/p.png)',
        0,
      );
      const nodes = allNodes(tree);
      expect(nodes.some((n) => n.kind === 'link')).toBe(false);
      const texts = nodes.flatMap((n) => (n.kind === 'text' ? [n.text] : []));
      expect(texts.join('')).toContain('<script>alert(1)</script>');
      expect(texts.join('')).toContain('<img src=x onerror=alert(1)>');
      expect(texts.join('')).toContain('pic');
      expect(JSON.stringify(tree)).not.toContain('tracker.example');
    });

    it('makes citation nodes from valid markers in text, not in code', () => {
      const tree = renderTree('Naps help [1][2]. Not [9]. `a[1]`', 2);
      expect(tree[0]).toEqual({
        kind: 'paragraph',
        children: [
          { kind: 'text', text: 'Naps help ' },
          { kind: 'citation', numbers: [1, 2] },
          { kind: 'text', text: '. Not. ' },
          { kind: 'code', text: 'a[1]' },
        ],
      });
    });
  });
});
