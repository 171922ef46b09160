// The `test` of the specs whose flows load models: Playwright's, plus a check that no worker was
// restarted during the test. A healthy worker, busy or not, must never be replaced (ADR 0022); the app
// logs every restart on the console ("ThinkBank: the llm worker is being restarted: …"). A test that
// crashes a worker on purpose says which one with `restarts.allow(name)`.
import { expect, test as base } from '@playwright/test';

export interface RestartLog {
  /** Restart lines the page logged, in order. */
  readonly logged: string[];
  /** This test crashes the named worker on purpose: its restarts are expected. */
  allow(worker: string): void;
}

const RESTART = /^ThinkBank: the (\w+) worker is being restarted/;

export const test = base.extend<{ restarts: RestartLog }>({
  restarts: [
    async ({ page }, use) => {
      const allowed = new Set<string>();
      const logged: string[] = [];
      page.on('console', (message) => {
        if (RESTART.test(message.text())) logged.push(message.text());
      });
      await use({
        logged,
        allow: (worker) => {
          allowed.add(worker);
        },
      });
      const unexpected = logged.filter((line) => !allowed.has(RESTART.exec(line)?.[1] ?? ''));
      expect(unexpected, 'workers restarted during this test').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
