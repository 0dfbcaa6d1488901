/**
 * Core messages use a small markup (`*bold*`, `> quote` lines, `` `code` ``). Teams' markdown
 * (messages and Adaptive Card text blocks) wants `**bold**` and has no quotes: quotes become
 * their own blocks (see cards.ts).
 */
export function toTeamsMarkdown(line: string): string {
  return String(line ?? '').replace(/(^|[^*\w])\*([^*\n]+?)\*(?![*\w])/g, '$1**$2**');
}

/** Plain text for notifications and previews: markup removed, first line only. */
export function summaryOf(text: string, max = 140): string {
  const first =
    String(text ?? '')
      .split('\n')
      .find((l) => l.trim()) ?? '';
  const plain = first.replace(/^>\s?/, '').replace(/[*`_]/g, '').trim();
  const chars = Array.from(plain);
  return chars.length <= max ? plain : `${chars.slice(0, max - 1).join('')}…`;
}

/** A plain Teams message: paragraphs need a blank line between them in Teams' markdown. */
export function toTeamsText(text: string): string {
  return String(text ?? '')
    .split('\n')
    .map((line) => toTeamsMarkdown(line))
    .join('\n\n');
}

export interface TextLine {
  text: string;
  quote: boolean;
}

/** Splits core text into lines, marking `> quoted` ones (what the requester or an agent wrote). */
export function linesOf(text: string): TextLine[] {
  return String(text ?? '')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) =>
      line.startsWith('>')
        ? { text: toTeamsMarkdown(line.replace(/^>\s?/, '')), quote: true }
        : { text: toTeamsMarkdown(line), quote: false },
    );
}
