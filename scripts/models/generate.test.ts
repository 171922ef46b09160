import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateModels } from './generate';

const roots: string[] = [];
function freshRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'thinkbank-models-'));
  roots.push(root);
  return root;
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

describe('generateModels', () => {
  it('writes byte-identical models when run twice from scratch', () => {
    const ids = ['test/embed-bert', 'test/chat-llm'];
    const first = generateModels(ids, { outRoot: freshRoot() });
    const second = generateModels(ids, { outRoot: freshRoot() });
    expect(second.map((r) => r.contentHash)).toEqual(first.map((r) => r.contentHash));
    const [a, b] = [first[1], second[1]];
    if (!a || !b) throw new Error('expected two results');
    expect(sha256(join(a.dir, 'onnx/model.onnx'))).toBe(sha256(join(b.dir, 'onnx/model.onnx')));
  });

  it('skips a folder whose stamp matches the generator and shared files', () => {
    const root = freshRoot();
    const [built] = generateModels(['test/embed-bert'], { outRoot: root });
    const [again] = generateModels(['test/embed-bert'], { outRoot: root });
    expect(built?.skipped).toBe(false);
    expect(again?.skipped).toBe(true);
    expect(again?.contentHash).toBe(built?.contentHash);
  });

  it('rebuilds a folder whose files were damaged', () => {
    const root = freshRoot();
    const [built] = generateModels(['test/embed-bert'], { outRoot: root });
    if (!built) throw new Error('expected a result');
    rmSync(join(built.dir, 'onnx/model.onnx'));
    const [again] = generateModels(['test/embed-bert'], { outRoot: root });
    expect(again?.skipped).toBe(false);
    expect(again?.contentHash).toBe(built.contentHash);
  });

  it('rejects an unknown model id', () => {
    expect(() => generateModels(['test/nope'], { outRoot: freshRoot() })).toThrow(/Unknown model test\/nope/);
  });
});
