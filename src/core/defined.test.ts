import { describe, expect, it } from 'vitest';
import { defined } from './defined';

describe('defined', () => {
  it('keeps defined values, falsy ones included, and drops undefined keys', () => {
    const out = defined({ a: 1, b: undefined, c: 0, d: '', e: null, f: false });
    expect(out).toEqual({ a: 1, c: 0, d: '', e: null, f: false });
    expect('b' in out).toBe(false);
  });

  it('types the result so it fits a target with optional properties', () => {
    const limit: number | undefined = undefined as number | undefined;
    const options: { limit?: number; name: string } = { name: 'x', ...defined({ limit }) };
    expect(options).toEqual({ name: 'x' });
  });
});
