import { z } from 'zod';
import { parseArgs, splitArgs, type Command, type CommandContext } from '../conversation/commands';
import type { OutboundMessage } from '../notify/messages';
import type { TicketService } from '../tickets/service';
import type { KnowledgeBase } from './service';

const usage =
  'kb search <text> | kb add <title> | <body> [| tags] | kb retire <id> | kb publish <id> | kb from <ticket>';

/** Slug of a title, for new article ids: `vpn-drops-at-home`. */
function slug(title: string): string {
  return (
    title
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'article'
  );
}

/**
 * The agents' `kb` verbs (DESIGN.md §2): search with the matched terms shown, add, retire,
 * publish, and draft an article from a resolved ticket.
 */
export function kbCommands(deps: { kb: KnowledgeBase; tickets: TicketService }): Command[] {
  const { kb, tickets } = deps;
  const say = (text: string): OutboundMessage[] => [{ text }];

  const sub = async (ctx: CommandContext): Promise<OutboundMessage[]> => {
    const [verb = '', rest = ''] = splitArgs(ctx.args, 1);
    switch (verb.toLowerCase()) {
      case 'search':
      case 'chercher': {
        const query = parseArgs(z.string().trim().min(2, 'text is required').max(500), rest, usage);
        // The articles of the query's language; a query that shows none ("vpn"), the agent's.
        const hits = await kb.search(query, kb.matcher.detectLocale(query) ?? ctx.locale, 5);
        if (!hits.length) return say(ctx.t('kb.search_none', { query }));
        return say(
          [
            ctx.t('kb.search_results', { query }),
            ...hits.map((h, i) =>
              ctx.t('kb.search_line', {
                rank: i + 1,
                id: h.articleId,
                title: h.title,
                confidence: Math.round(h.confidence * 100),
                terms: h.matchedTerms.join(', ') || '—',
              }),
            ),
          ].join('\n'),
        );
      }
      case 'add':
      case 'ajouter': {
        const [title, body, tags] = parseArgs(
          z.tuple([z.string().trim().min(3), z.string().trim().min(10), z.string().optional()]),
          rest.split('|').map((p) => p.trim()),
          usage,
        );
        let id = slug(title);
        for (let n = 2; await kb.exists(id); n++) id = `${slug(title)}-${n}`;
        const article = await kb.addArticle({
          id,
          locale: ctx.locale,
          title,
          body,
          tags: tags
            ? tags
                .split(',')
                .map((t) => t.trim())
                .filter(Boolean)
            : [],
          author: ctx.actor.person.key,
          status: 'published',
        });
        return say(ctx.t('kb.added', { id: article.id, status: article.status }));
      }
      case 'retire':
      case 'retirer': {
        const id = parseArgs(z.string().trim().min(1).max(120), rest, usage);
        return say(ctx.t('kb.retired', { id: (await kb.retireArticle(id)).id }));
      }
      case 'publish':
      case 'publier': {
        const id = parseArgs(z.string().trim().min(1).max(120), rest, usage);
        return say(ctx.t('kb.published', { id: (await kb.publishArticle(id)).id }));
      }
      case 'from':
      case 'depuis': {
        const ticket = await tickets.get(ctx.actor, parseArgs(z.string().trim().min(1).max(20), rest, usage));
        const article = await kb.draftFromTicket({
          number: ticket.number,
          title: ticket.title,
          description: ticket.description,
          resolution: ticket.resolution ?? '',
          locale: ticket.requester.locale,
          author: ctx.actor.person.key,
        });
        return say(ctx.t('kb.drafted', { id: article.id, number: ticket.number }));
      }
      default:
        return say(ctx.t('kb.usage'));
    }
  };

  return [{ verbs: ['kb'], agentOnly: true, usage, run: sub }];
}
