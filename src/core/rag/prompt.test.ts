import { describe, expect, it } from 'vitest';
import { buildPrompt, DEFAULT_SYSTEM_PROMPT, NO_SOURCES_TEXT, sourceHeading } from './prompt';
import type { ContextPassage } from './types';

function passage(overrides: Partial<ContextPassage> = {}): ContextPassage {
  return {
    chunkId: 'c1',
    chunkIds: ['c1'],
    documentId: 'd1',
    versionId: 'v1',
    ordinal: 0,
    lastOrdinal: 0,
    title: 'Sleep study',
    headingPath: ['Sleep study', 'Results', 'Adults'],
    location: {
      pages: [
        { page: 4, box: [0, 0, 1, 1] },
        { page: 5, box: [0, 0, 1, 0.5] },
      ],
    },
    text: '  Naps help.  ',
    score: 1,
    isTruncated: false,
    ...overrides,
  };
}

describe('prompt', () => {
  describe('sourceHeading', () => {
    it('numbers a source with its title, heading path and pages, not repeating the title', () => {
      expect(sourceHeading(2, passage())).toBe('[2] Sleep study › Results › Adults (pages 4–5)');
    });

    it('names an untitled source and leaves out a location without pages or times', () => {
      expect(sourceHeading(1, passage({ title: '', headingPath: [], location: {} }))).toBe('[1] Untitled');
    });
  });

  describe('buildPrompt', () => {
    it('puts instructions in the system message and numbered sources before the question', () => {
      const prompt = buildPrompt({
        systemPrompt: DEFAULT_SYSTEM_PROMPT,
        history: [{ question: 'Before?', answer: 'Yes [1].' }],
        passages: [
          passage(),
          passage({ chunkId: 'c2', title: 'Diet', headingPath: [], location: { page: 9 }, text: 'Eat.' }),
        ],
        question: ' Do naps help? ',
      });
      expect(prompt.messages).toEqual([
        { role: 'system', content: DEFAULT_SYSTEM_PROMPT },
        { role: 'user', content: 'Before?' },
        { role: 'assistant', content: 'Yes.' },
        {
          role: 'user',
          content:
            'Sources:\n\n[1] Sleep study › Results › Adults (pages 4–5)\nNaps help.\n\n[2] Diet (page 9)\nEat.\n\nQuestion: Do naps help?',
        },
      ]);
      expect(prompt.sources.map((s) => [s.n, s.passage.chunkId])).toEqual([
        [1, 'c1'],
        [2, 'c2'],
      ]);
    });

    it('says plainly when there are no sources', () => {
      const prompt = buildPrompt({ systemPrompt: 'S', history: [], passages: [], question: 'Q?' });
      expect(prompt.messages[1]?.content).toBe(`${NO_SOURCES_TEXT}\n\nQuestion: Q?`);
    });
  });

  describe('DEFAULT_SYSTEM_PROMPT', () => {
    it('asks for answers only from the sources, [n] citations and a plain "not in the documents"', () => {
      expect(DEFAULT_SYSTEM_PROMPT).toMatch(/only the numbered sources/);
      expect(DEFAULT_SYSTEM_PROMPT).toMatch(/\[1\]/);
      expect(DEFAULT_SYSTEM_PROMPT).toMatch(/do not contain the answer, say plainly/);
    });
  });
});
