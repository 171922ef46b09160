// Page model of the Chat page for the chat spec: the conversation list, the composer, the latest
// answer, and a record of every length the answer's text had while it streamed.
import { expect, type Locator, type Page } from '@playwright/test';

export class ChatPage {
  readonly conversations: Locator;
  readonly messages: Locator;
  readonly question: Locator;
  readonly status: Locator;

  constructor(readonly page: Page) {
    this.conversations = page.getByRole('navigation', { name: 'Conversations' });
    this.messages = page.getByRole('list', { name: 'Messages' });
    this.question = page.getByLabel('Your question');
    this.status = page.locator('main').getByRole('status');
  }

  async open(): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Chat' }).click();
    await expect(this.page.getByRole('heading', { level: 1, name: 'Chat' })).toBeVisible();
  }

  /** The latest answer (or the n-th, counting from 0). */
  answer(n = -1): Locator {
    const answers = this.messages.getByRole('article', { name: 'Answer' });
    return n < 0 ? answers.last() : answers.nth(n);
  }

  /** Types a question and sends it with Enter. */
  async ask(question: string): Promise<void> {
    await this.question.fill(question);
    await this.question.press('Enter');
  }

  /** Starts recording the distinct lengths of the next answer's text as it changes. */
  async watchLengths(): Promise<void> {
    await this.page.locator('main').evaluate((list) => {
      const seen: number[] = [];
      (window as unknown as { answerLengths: number[] }).answerLengths = seen;
      const observer = new MutationObserver(() => {
        const texts = list.querySelectorAll('[data-testid="answer-text"]');
        const last = texts[texts.length - 1];
        if (last) seen.push(last.textContent.length);
      });
      observer.observe(list, { childList: true, characterData: true, subtree: true });
    });
  }

  async lengths(): Promise<number[]> {
    const all = await this.page.evaluate(
      () => (window as unknown as { answerLengths: number[] }).answerLengths,
    );
    return [...new Set(all.filter((n) => n > 0))];
  }

  /** Presses Stop once the next answer's text has changed `after` times (in the page, no round trip). */
  async stopAfter(after: number): Promise<void> {
    await this.page.locator('main').evaluate((main, count) => {
      const answers = () => main.querySelectorAll('article[aria-label="Answer"]');
      const before = answers().length;
      let changes = 0;
      const observer = new MutationObserver(() => {
        const all = answers();
        const text =
          all.length > before ? all[all.length - 1]?.querySelector('[data-testid="answer-text"]') : null;
        if (!text || text.textContent.trim() === '') return;
        changes++;
        const stop = [...main.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Stop');
        if (changes >= count && stop) {
          observer.disconnect();
          stop.click();
        }
      });
      observer.observe(main, { childList: true, characterData: true, subtree: true });
    }, after);
  }
}
