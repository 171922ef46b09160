// Chat in the production build with the generated models served by this site: a PDF and notes added
// through the Library, questions asked on the Chat page. Proves each path a person meets: tokens
// streaming in, Stop, citation chips opening the cited PDF page with the passage marked (and a marker
// that matches no source not shown), the sources under an answer, the plain "not in your library"
// answer with its nearest passages and no model call, a conversation coming back whole after a
// reload, rename and delete, a worker crash mid-answer failing only that answer, hostile HTML from a
// document and from the model shown as text. Runs in the no-WebGPU project only (playwright.config.ts).
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { join } from 'node:path';
import { ChatPage } from './chat-page';
import { DATA, openLibrary } from './library-page';

const PDF = join(DATA, 'pdf-corpus/arxiv/1706.03762.pdf');
/** Words of one passage of the PDF, so the keyword evidence is strong enough to answer. */
const QUESTION =
  'Why do the dot products grow large in magnitude, pushing the softmax into regions with extremely small gradients?';
const HOSTILE_IMG = '<img src=x onerror=alert(1)>';

async function useThisSite(page: Page): Promise<void> {
  await page.goto('./#/settings');
  await page.getByRole('radio', { name: /This site/ }).check();
  await page.getByRole('button', { name: 'Save model source' }).click();
  await expect(page.getByText('Saved. New downloads come from here.')).toBeVisible();
}

/** Makes `label` the chat model on the Models page, and downloads and loads it there. */
async function loadChatModel(page: Page, label: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Models' }).click();
  const card = page
    .getByRole('region', { name: 'Chat' })
    .getByRole('article', { name: new RegExp(`^${label}`) });
  if (!(await card.isVisible())) await page.getByText(/^Other models for chat/).click();
  const choose = card.getByRole('button', { name: /^Use by default/ });
  if (await choose.isVisible()) await choose.click();
  await expect(card.getByRole('heading', { name: `${label} In use` })).toBeVisible();
  await card.getByRole('button', { name: /^Download/ }).click();
  await expect(card.getByTestId(/^state-/)).toHaveText('Ready', { timeout: 0 });
}

/** Notes on other subjects, so the words of a question are rare in the library (as in a real one). */
const OTHER_NOTES = [
  ['garden.md', '# Garden\n\nSow beans in May, water them at dusk, and pick them in August.'],
  ['sky.md', '# Sky\n\nThe comet returns every spring and is brightest before dawn.'],
  ['bread.md', '# Bread\n\nKnead the dough for ten minutes and let it rise overnight.'],
  ['bikes.md', '# Bikes\n\nOil the chain monthly and check the tyre pressure weekly.'],
  ['tea.md', '# Tea\n\nGreen tea steeps for two minutes in water below boiling.'],
  ['boats.md', '# Boats\n\nA sloop carries one mast; a ketch carries two.'],
  ['stars.md', '# Stars\n\nOrion rises in winter; its belt points to Sirius.'],
  ['soup.md', '# Soup\n\nSimmer lentils with cumin until they fall apart.'],
  ['trains.md', '# Trains\n\nThe night train leaves at nine and arrives by breakfast.'],
  ['moss.md', '# Moss\n\nMoss grows on the shaded north side of old walls.'],
  ['glass.md', '# Glass\n\nSand, soda and lime melt into glass in a furnace.'],
  ['bees.md', '# Bees\n\nA hive swarms in early summer when the queen leaves.'],
] as const;

/** Adds files through the Library's picker, as a person would, and waits until each is ready. */
async function addFiles(page: Page, files: readonly (readonly [string, string])[]): Promise<void> {
  await openLibrary(page);
  await page.getByLabel('Choose files').setInputFiles(
    files.map(([name, text]) => ({
      name,
      mimeType: name.endsWith('.md') ? 'text/markdown' : 'text/plain',
      buffer: Buffer.from(text),
    })),
  );
  await expect(page.getByRole('list', { name: 'Files just added' })).toBeVisible();
  const rows = page.getByRole('table', { name: 'Documents' }).getByRole('row');
  await expect(rows.filter({ hasText: /Ready/ })).toHaveCount(files.length, { timeout: 0 });
}

/** Waits until the Library lists `title` as ready (read, indexed and searchable). */
async function waitReady(page: Page, title: string | RegExp): Promise<void> {
  await openLibrary(page);
  const row = page.getByRole('table', { name: 'Documents' }).getByRole('row').filter({ hasText: title });
  await expect(row.getByRole('cell').first()).toHaveText(/^Ready/, { timeout: 0 });
}

async function expectAxeClean(page: Page): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const results = await new AxeBuilder({ page }).include('main').analyze();
    const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad.map((v) => `${scheme}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual(
      [],
    );
  }
}

test.describe('Chat', () => {
  test.beforeEach(async ({ page }) => {
    page.on('dialog', (dialog) => {
      throw new Error(`A dialog opened: ${dialog.message()}`);
    });
    await useThisSite(page);
  });

  test('a cited answer streams in, its chip opens the PDF page, and the conversation survives a reload', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await openLibrary(page);
    await page.getByLabel('Choose files').setInputFiles(PDF);
    await waitReady(page, /1706\.03762|Attention/);
    await loadChatModel(page, 'test/chat-cite');

    const chat = new ChatPage(page);
    await chat.open();
    await chat.watchLengths();
    await chat.ask(QUESTION);
    const answer = chat.answer();
    await expect(answer).toHaveAttribute('data-status', 'done', { timeout: 0 });

    // Streamed: the page showed the text at many lengths on its way (it may shrink by a character or
    // two when "**so" becomes bold: Markdown renders as it comes).
    const lengths = await chat.lengths();
    expect(lengths.length).toBeGreaterThanOrEqual(5);

    // [1] is a chip (twice), [9] matches no source and is gone; the model's HTML is text.
    const text = answer.getByTestId('answer-text');
    await expect(text).toContainText('The notes say so');
    await expect(text).toContainText(`${HOSTILE_IMG}<script>alert(2)</script>`);
    await expect(text).not.toContainText('[9]');
    await expect(text).toContainText('A marker with no source. ');
    await expect(text.locator('img, script')).toHaveCount(0);
    const chips = answer.getByRole('button', { name: /^Source 1: / });
    await expect(chips).toHaveCount(2);
    await expect(answer.getByRole('button', { name: /^Source 9/ })).toHaveCount(0);

    // The sources, cited first, with where each is.
    const sources = answer.getByRole('list', { name: 'Sources' });
    await expect(sources.getByRole('listitem').first()).toContainText(/^\[1\] .*, pages? \d+/);
    const label = (await chips.first().getAttribute('aria-label')) ?? '';
    const pageNumber = /, pages? (\d+)/.exec(label)?.[1];
    expect(pageNumber).toBeDefined();

    // The chip opens that page with the passage marked; back returns to the conversation.
    await chips.first().click();
    await expect(page.getByLabel(`Page ${pageNumber ?? ''}`, { exact: true })).toBeVisible();
    await expect(page.getByRole('img', { name: 'The passage on this page' }).first()).toBeVisible();
    await page.getByRole('button', { name: 'Back to the conversation' }).click();
    await expect(chat.answer()).toHaveAttribute('data-status', 'done');
    await expectAxeClean(page);
    await expect(answer).toContainText(/First token after [\d.]+ m?s · [\d.]+ tokens\/s/);

    // Unload gives the model's memory back; the next question would load it again.
    await page.getByRole('button', { name: 'Unload' }).click();
    await expect(page.getByTestId('chat-model')).toContainText('test/chat-cite, downloaded');

    // After a reload the conversation comes back whole.
    const title = await chat.conversations
      .getByRole('listitem')
      .first()
      .getByRole('button')
      .first()
      .innerText();
    await page.reload();
    await chat.open();
    await chat.conversations.getByRole('button', { name: title, exact: true }).click();
    await expect(chat.messages.getByRole('article', { name: 'Question' })).toHaveText([QUESTION]);
    await expect(chat.answer().getByRole('button', { name: /^Source 1: / })).toHaveCount(2);
    await expect(chat.answer().getByTestId('answer-text')).not.toContainText('[9]');
    await expect(
      chat.answer().getByRole('list', { name: 'Sources' }).getByRole('listitem').first(),
    ).toContainText(label.replace(/^Source 1: /, ''));

    // Rename, then delete after confirming.
    await chat.conversations.getByRole('button', { name: `Rename “${title}”` }).click();
    await chat.conversations.getByLabel(`New name for “${title}”`).fill('Attention notes');
    await chat.conversations.getByRole('button', { name: 'Save' }).click();
    await expect(
      chat.conversations.getByRole('button', { name: 'Attention notes', exact: true }),
    ).toBeVisible();
    await page.reload();
    await chat.open();
    await chat.conversations.getByRole('button', { name: 'Delete “Attention notes”' }).click();
    await chat.conversations
      .getByRole('group', { name: 'Confirm deleting “Attention notes”' })
      .getByRole('button', { name: 'Delete' })
      .click();
    await expect(chat.conversations.getByRole('listitem')).toHaveCount(0);
    await page.reload();
    await chat.open();
    await expect(chat.conversations.getByText('Your conversations will be listed here.')).toBeVisible();
  });

  test('Stop keeps the answer so far; a crash mid-answer fails only that answer; document HTML stays text', async ({
    page,
    restarts,
  }) => {
    restarts.allow('llm');
    await addFiles(page, [
      ...OTHER_NOTES,
      [
        'cats.txt',
        `Cats sleep sixteen hours daily and purr when content. ${HOSTILE_IMG}<script>alert(3)</script>`,
      ],
    ]);
    await loadChatModel(page, 'test/chat-llm');
    const chat = new ChatPage(page);
    await chat.open();
    const question = 'Do cats sleep sixteen hours daily, and purr when content?';
    await chat.ask(question);
    await expect(chat.answer()).toHaveAttribute('data-status', 'done', { timeout: 0 });
    await expect(chat.status).toHaveText(/^Answer: \S/);

    // The document's HTML is shown as text in the source list, and nothing was injected. Random tokens
    // cite nothing, so the passages the model was given are listed folded.
    const sources = chat.answer().getByRole('list', { name: 'Passages given to the model' });
    await chat
      .answer()
      .getByText(/^Passages given to the model/)
      .click();
    await expect(sources).toContainText(`${HOSTILE_IMG}<script>alert(3)</script>`);
    await expect(page.locator('main img, main script')).toHaveCount(0);

    // Stop after a few tokens: the answer says stopped and keeps its text.
    await chat.stopAfter(3);
    await chat.ask(question);
    await expect(chat.answer()).toHaveAttribute('data-status', 'stopped', { timeout: 0 });
    await expect(chat.answer()).toContainText('Stopped');
    expect((await chat.answer().getByTestId('answer-text').innerText()).trim()).not.toBe('');
    await expect(chat.question).toBeEditable();

    // Crash the llm worker once it has sent three tokens of the next answer (an uncaught error in the
    // worker, as a real crash would be): that answer fails with a clear error, and Retry answers.
    const llm = page.workers().find((w) => w.url().includes('llm.worker'));
    expect(llm).toBeDefined();
    await llm?.evaluate(() => {
      type Post = (this: MessagePort, message: unknown, transfer?: Transferable[]) => void;
      const port = MessagePort.prototype;
      const post = Object.getOwnPropertyDescriptor(port, 'postMessage')?.value as Post;
      port.postMessage = function (this: MessagePort, message: unknown, transfer?: Transferable[]) {
        post.call(this, message, transfer ?? []);
        if (typeof message === 'object' && message !== null && (message as { tokens?: number }).tokens === 3)
          queueMicrotask(() => {
            throw new Error('The llm worker crashed in the middle of an answer (e2e)');
          });
      } as MessagePort['postMessage'];
    });
    await chat.ask(question);
    await expect(chat.answer()).toHaveAttribute('data-status', 'failed', { timeout: 0 });
    await expect(chat.answer()).toContainText('The chat model stopped while answering');
    await chat.answer().getByRole('button', { name: 'Retry' }).click();
    await expect(chat.answer()).toHaveAttribute('data-status', 'done', { timeout: 0 });
    await expect(chat.messages.getByRole('article', { name: 'Answer' })).toHaveCount(4);
  });

  test('a question the library does not hold is answered with its nearest passages, without the model', async ({
    page,
  }) => {
    await addFiles(page, OTHER_NOTES);
    // "Chat with this document" from the Library: a new conversation about the garden note only.
    await page.getByRole('button', { name: 'Chat with Garden' }).click();
    const chat = new ChatPage(page);
    await expect(page.getByRole('heading', { level: 1, name: 'Chat' })).toBeVisible();
    await expect(page.getByLabel('Answer from')).toHaveValue(/^document:/);
    // Shift+Enter starts a new line; only Enter sends.
    await chat.question.fill('first line');
    await chat.question.press('Shift+Enter');
    await chat.question.pressSequentially('second line');
    await expect(chat.question).toHaveValue('first line\nsecond line');
    await expect(chat.messages).toHaveCount(0);
    await chat.ask('Which opera did the beans sing at the winter festival in Tokyo?');
    const answer = chat.answer();
    await expect(answer).toHaveAttribute('data-status', 'abstained', { timeout: 0 });
    await expect(answer).toContainText('Your library does not seem to say.');
    const nearest = answer.getByRole('list', { name: 'Nearest passages' });
    await expect(nearest.getByRole('listitem')).toHaveCount(1);
    await expect(nearest).toContainText('Sow beans in May');
    await nearest.getByRole('button').click();
    await expect(page.locator('[aria-current="true"]')).toContainText('Sow beans in May');
    await page.getByRole('button', { name: 'Back to the conversation' }).click();

    // No model was asked: the chat model was never loaded and the llm worker never started.
    await expect(page.getByTestId('chat-model')).not.toContainText('ready');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Diagnostics' }).click();
    const llmRow = page
      .getByRole('table', { name: 'State of each background worker' })
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: 'llm', exact: true }) });
    await expect(llmRow.getByRole('cell').first()).toHaveText(/Not started/);

    // The person may still ask the model: it answers from the nearest passages.
    await loadChatModel(page, 'test/chat-llm');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Chat' }).click();
    await answer.getByRole('button', { name: 'Ask the model anyway' }).click();
    await expect(chat.answer()).toHaveAttribute('data-status', 'done', { timeout: 0 });
    await expect(chat.messages.getByRole('article', { name: 'Answer' })).toHaveCount(2);
    await expect(answer.getByRole('button', { name: 'Ask the model anyway' })).toHaveCount(0);

    // "Chat with this document" from a search result starts a conversation about that document.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Search' }).click();
    await page.getByRole('searchbox', { name: 'Search your documents' }).fill('comet');
    await page.getByRole('button', { name: 'Chat with Sky' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Chat' })).toBeVisible();
    await expect(page.getByLabel('Answer from')).toHaveValue(/^document:/);
    await expect(page.getByLabel('Answer from').locator('option:checked')).toHaveText('Sky');
    await expect(chat.messages).toHaveCount(0);
  });
});
