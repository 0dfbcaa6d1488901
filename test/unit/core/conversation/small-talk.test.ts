import { smallTalk } from '../../../../src/core/conversation/smallTalk';

describe('small talk', () => {
  it.each([
    ['thanks', 'thanks'],
    ['Thank you so much!', 'thanks'],
    ['merci beaucoup', 'thanks'],
    ['Merci, bonne journée', 'thanks'],
    ['Thanks for your help', 'thanks'],
    ['merci pour votre aide', 'thanks'],
    ['🙏', 'thanks'],
    ['hello', 'greeting'],
    ['Bonjour !', 'greeting'],
    ['ok', 'other'],
    ["D'accord, c’est parfait", 'other'],
    ['a', 'other'],
    ['!!!', 'other'],
    ['😀😀😀', 'other'],
    ['ok great, it works', 'solved'],
    ['Merci beaucoup, ça marche !! 🙏', 'solved'],
    ["C'est réglé, merci", 'solved'],
    ['problem solved', 'solved'],
  ])('“%s” is small talk (%s)', (text, kind) => {
    expect(smallTalk(text)).toBe(kind);
  });

  it.each([
    'help',
    'aide',
    'ok help',
    'urgent',
    'it does not work',
    'ça ne marche pas',
    'no internet',
    'ok so my laptop will not boot',
    'thanks, but the VPN still drops',
    'bonjour, mon imprimante est bloquée',
    'INC-000042',
    '42',
    'ça ne marche pas',
    'it still does not work',
    'works?',
    'is it fixed?',
    'ça marche plus',
    'problem',
    'the VPN works but Outlook is slow',
  ])('“%s” may be a request', (text) => {
    expect(smallTalk(text)).toBeNull();
  });
});
