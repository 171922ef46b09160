// The passages the embedding speed test uses, the same in the browser ("Measure speed" on the Models
// page) and in the Node anchor of `npm run bench:embed`, so both time exactly the same tokens. Common
// English words that are one token each in BERT-style vocabularies, shuffled by a fixed rule, so a
// passage of N words is N tokens plus the two special ones.
const WORDS = (
  'the of and to in is was for on as with by he at from his it an were are which this also be or had ' +
  'first one their its new after but who not they have her she two been other when there all during ' +
  'into school time may years more most only over city some world would where later up such used many ' +
  'can state about national out known university united then made'
).split(' ');

export const SPEED_PASSAGES = 32;
/** Tokens per passage including [CLS] and [SEP]. */
export const SPEED_TOKENS = 256;

/** `count` passages of `tokens − 2` words each; passage i differs from passage j. */
export function speedPassages(count = SPEED_PASSAGES, tokens = SPEED_TOKENS): string[] {
  return Array.from({ length: count }, (_, p) =>
    Array.from({ length: tokens - 2 }, (_, w) => WORDS[(w * 7 + p * 13 + ((w * p) % 5)) % WORDS.length]).join(
      ' ',
    ),
  );
}
