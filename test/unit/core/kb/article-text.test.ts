import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import matter from 'gray-matter';
import { articleText, FULL_ARTICLE_LENGTH } from '../../../../src/core/kb/service';

const shipped = (file: string) => matter(readFileSync(path.resolve(__dirname, '../../../../kb', file), 'utf8')).content;

describe('the text of a knowledge-base article in chat', () => {
  it('given the shipped "laptop will not start" article, when it is shown, then every step is there, one per line', () => {
    const { text, complete } = articleText(shipped('en/laptop-wont-start.md'));
    expect(complete).toBe(true);
    expect(text).toContain('hold the power button for *20 seconds* to force it off');
    expect(text).toContain('*Windows+Ctrl+Shift+B*');
    expect(text).toContain('a loan laptop can be handed over the same day.');
    const lines = text.split('\n');
    expect(lines.filter((l) => /^\d\. /.test(l)).map((l) => l.slice(0, 2))).toEqual(['1.', '2.', '3.', '4.', '5.']);
    expect(lines).toContain('');
  });

  it('given the French printer article with a bullet list, when it is shown, then each bullet is its own line', () => {
    const { text, complete } = articleText(shipped('fr/printing.md'));
    expect(complete).toBe(true);
    expect(text.split('\n').filter((l) => l.startsWith('• '))).toHaveLength(4);
    expect(text).toContain('• *Toner vide ou panne matérielle* : notez le numéro');
  });

  it('given every shipped article, when it is shown, then none is cut', () => {
    for (const locale of ['en', 'fr']) {
      const dir = path.resolve(__dirname, '../../../../kb', locale);
      for (const file of readdirSync(dir)) {
        expect({ file, complete: articleText(shipped(`${locale}/${file}`)).complete }).toEqual({
          file,
          complete: true,
        });
      }
    }
  });

  it('given markdown markup, when it is shown, then it becomes the chat markup every channel renders', () => {
    const { text } = articleText(
      [
        '## Before you start',
        '',
        'Read the [guide](https://intranet.example/vpn) and the _notes_,',
        'then restart **GlobalProtect**.',
        '![screenshot](shot.png)',
        '',
        '* first',
        '  still the first item',
        '- second',
        '> a tip',
        '```',
        'ipconfig /flushdns',
        '```',
      ].join('\n'),
    );
    expect(text.split('\n')).toEqual([
      '*Before you start*',
      '',
      'Read the guide (https://intranet.example/vpn) and the notes, then restart *GlobalProtect*.',
      '',
      '• first still the first item',
      '• second',
      'a tip',
      '`ipconfig /flushdns`',
    ]);
  });

  it('given an article longer than a chat answer, when it is shown, then it is cut at a line end and marked incomplete', () => {
    const steps = Array.from({ length: 40 }, (_, i) => `${i + 1}. Step ${i + 1}: do one thing, then check the result.`);
    const { text, complete } = articleText(`Intro paragraph.\n\n${steps.join('\n')}`);
    expect(complete).toBe(false);
    expect(text.length).toBeLessThanOrEqual(FULL_ARTICLE_LENGTH);
    expect(text.split('\n').at(-1)).toMatch(/^\d+\. Step \d+: do one thing, then check the result\.$/);
  });

  it('given one long paragraph, when it is cut, then the cut falls after a sentence, not mid-word', () => {
    const sentence = 'Restart the laptop and wait for the login screen to appear before you sign in. ';
    const { text, complete } = articleText(sentence.repeat(40), 500);
    expect(complete).toBe(false);
    expect(text.length).toBeLessThanOrEqual(500);
    expect(text.endsWith('sign in.')).toBe(true);
  });
});
