// First step of `npm test`: what the tests need that npm does not install, checked in a moment, so a
// fresh machine learns the one command that fixes it now rather than from a stack trace minutes later.
import { accessSync, constants, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const shared = resolve(root, '..', 'shared');
const problems = [];

try {
  accessSync('/usr/bin/chromium', constants.X_OK);
} catch {
  problems.push(
    'Chromium is missing at /usr/bin/chromium (the browser tests drive it). On Debian or Ubuntu:\n' +
      '    sudo apt-get update && sudo apt-get install -y chromium',
  );
}
for (const need of ['data', 'models']) {
  if (!existsSync(join(shared, need))) {
    problems.push(
      `${join(shared, need)} is missing: the tests read real data and tokenizers from a shared/ folder beside\n` +
        '    the checkout (see "Tests and their data" in README.md).',
    );
  }
}
if (!existsSync(join(root, 'node_modules'))) problems.push('Dependencies are missing. Run:\n    npm install');

if (problems.length > 0) {
  console.error(`npm test cannot run yet:\n\n- ${problems.join('\n- ')}\n`);
  process.exit(1);
}
