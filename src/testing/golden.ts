// Golden files for Node tests: a value compared, as data (so formatting never matters), with
// `__golden__/<name>.json` beside the running test file. A missing golden file fails the test: one
// the test wrote for itself would prove nothing. UPDATE_GOLDEN=1 writes or rewrites it; review the
// diff and run prettier on it before committing.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { expect } from 'vitest';

export function expectGolden(name: string, value: unknown): void {
  const testPath = expect.getState().testPath;
  if (testPath === undefined) throw new Error('expectGolden runs inside a Vitest test only.');
  const folder = join(dirname(testPath), '__golden__');
  const file = join(folder, `${name}.json`);
  const json = `${JSON.stringify(value, null, 2)}\n`;
  if (process.env['UPDATE_GOLDEN'] === '1') {
    mkdirSync(folder, { recursive: true });
    writeFileSync(file, json);
  } else if (!existsSync(file)) {
    throw new Error(
      `The golden file ${relative(process.cwd(), file)} is missing. Run this test with UPDATE_GOLDEN=1 to write it, then review it and run prettier on it before committing.`,
    );
  }
  expect(JSON.parse(json)).toEqual(JSON.parse(readFileSync(file, 'utf8')));
}
