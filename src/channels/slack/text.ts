/**
 * Slack's message markup at the edge. Inbound, mentions become platform-neutral references the
 * core can resolve (`@slack:U123`), links their label and entities plain characters. Outbound,
 * control characters are escaped (a relayed "<!channel>" never pings anyone) and references
 * become mentions again.
 */

const SPECIAL: Record<string, string> = { here: '@here', channel: '@channel', everyone: '@everyone' };

export function fromSlack(text: string): string {
  return String(text ?? '')
    .replace(/<([^<>\n]+)>/g, (_match, inner: string) => {
      const bar = inner.indexOf('|');
      const target = bar === -1 ? inner : inner.slice(0, bar);
      const label = bar === -1 ? undefined : inner.slice(bar + 1);
      if (target.startsWith('@')) return `@slack:${target.slice(1)}`;
      if (target.startsWith('#')) return label ? `#${label}` : `#slack:${target.slice(1)}`;
      if (target.startsWith('!')) {
        const name = target.slice(1).split('^')[0];
        return label ?? SPECIAL[name] ?? '';
      }
      const url = target.replace(/^mailto:/, '');
      return label && label !== url ? `${label} (${url})` : url;
    })
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .trim();
}

/** Removes the bot's own mention at the start of an app mention ("@Helpdesk my laptop…"). */
export function withoutLeadingMention(text: string, botUserId?: string): string {
  const who = botUserId ? botUserId.replace(/[^A-Z0-9]/g, '') : '[UW][A-Z0-9]+';
  return String(text ?? '').replace(new RegExp(`^\\s*<@${who}(\\|[^>]*)?>[\\s:,]*`), '');
}

export function toSlack(text: string): string {
  return String(text ?? '')
    .split('\n')
    .map((line) =>
      line
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        // A leading ">" is a quote, which the core uses on purpose; any other one is text.
        .replace(/>/g, (match, offset: number) => (offset === 0 ? match : '&gt;')),
    )
    .join('\n')
    .replace(/@slack:([UW][A-Z0-9]{2,20})\b/g, '<@$1>')
    .replace(/#slack:([CGD][A-Z0-9]{2,20})\b/g, '<#$1>');
}

/** Cuts text to Slack's limits without splitting a surrogate pair. */
export function clip(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
