import { confirmsResolution } from '../../../../src/core/tickets/resolutionFeedback';

describe('a requester’s message on a resolved ticket', () => {
  it.each([
    'Thanks, it works now!',
    'thank you',
    'ok 👍',
    'Great, works again, no problem',
    'merci, ça marche',
    "Merci, c'est bon, pas de souci",
    'Parfait, ça remarche',
  ])('“%s” confirms the fix', (text) => {
    expect(confirmsResolution(text)).toBe(true);
  });

  it.each([
    'it is still not working',
    'Thanks, but it still fails',
    "it doesn't work",
    'broken again after lunch',
    'same problem this morning',
    'ça ne marche toujours pas',
    'merci mais le problème est revenu',
    "ça recommence, l'imprimante est bloquée",
    'toujours en panne',
    'can you tell me what you changed?',
    'the screen flickers',
  ])('“%s” does not', (text) => {
    expect(confirmsResolution(text)).toBe(false);
  });
});
