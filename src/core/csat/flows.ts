import type { Connection } from 'mongoose';
import type { Policy } from '../../config';
import type { Translate } from '../../i18n';
import type { Clock } from '../clock';
import type { Assistant } from '../conversation/assistant';
import { readsLikeRequest } from '../conversation/requestLike';
import type { ActionButton, OutboundMessage } from '../notify/messages';
import type { Notifier } from '../notify/notifier';
import type { People } from '../people';
import type { TicketChange, TicketService } from '../tickets/service';
import type { SurveyLogger } from './delivery';
import { NpsService, type NpsAnswer } from './nps';
import { CSAT_ACTION, NPS_ACTION, REOPEN_ACTION, SurveyPresenter } from './presenter';
import { SurveyResults } from './results';
import { CsatService, type CsatAnswer } from './service';
import type { RandomSource } from './stats';

/** The satisfaction domain as the rest of the desk sees it. */
export interface Surveys {
  csat: CsatService;
  nps: NpsService;
  /** `csatResults` / `npsResults`: the published results (reports, dashboard). */
  results: SurveyResults;
}

export interface SurveysDeps {
  connection: Connection;
  policy: Policy;
  clock: Clock;
  tickets: TicketService;
  people: People;
  notifier: Notifier;
  assistant: Assistant;
  logger: SurveyLogger;
  /** Sampling source (CSAT sampling, NPS draw); tests inject a seeded one. */
  random?: RandomSource;
}

/**
 * Builds the survey services and plugs them into the desk: ticket changes schedule or cancel the
 * CSAT poll, the score buttons are answered, and a direct message right after a score is its comment
 * (unless a ticket waits on the person or it reads like a new request), with a button to take it back
 * as a new request.
 */
export function createSurveys(deps: SurveysDeps): Surveys {
  const presenter = new SurveyPresenter(deps.policy);
  const random = deps.random ?? Math.random;
  const shared = {
    connection: deps.connection,
    policy: deps.policy,
    clock: deps.clock,
    people: deps.people,
    notifier: deps.notifier,
    presenter,
    random,
    logger: deps.logger,
  };
  const csat = new CsatService({ ...shared, tickets: deps.tickets });
  const nps = new NpsService(shared);
  const results = new SurveyResults({ connection: deps.connection, policy: deps.policy });

  deps.tickets.onChange((change) => followTicket(csat, deps.logger, change));

  // The comment goes to the score given last: answering one survey closes the other's comment window.
  deps.assistant.onAction(CSAT_ACTION, async (actor, value, t) => {
    const result = await csat.answer(actor, value);
    if (result.ok) await nps.closeCommentWindows(actor.person.key);
    return csatReply(t, result, csat.commentWindowMinutes);
  });
  deps.assistant.onAction(NPS_ACTION, async (actor, value, t) => {
    const result = await nps.answer(actor, value);
    if (result.ok) await csat.closeCommentWindows(actor.person.key);
    return npsReply(t, result, nps.commentWindowMinutes);
  });

  // The assistant hands over only direct messages outside a thread that answer no waiting ticket;
  // whatever is taken can still be sent back to intake with the button of the thank-you.
  // A message that reads like a new request is one, comment window or not (the window stays open).
  deps.assistant.interceptReplies(async (actor, text, t, _locale, message) => {
    if (message.threadTicket || readsLikeRequest(text)) return null;
    const survey = await csat.takeComment(actor, text);
    if (survey)
      return [
        {
          text: t('csat.comment_thanks', { number: survey.ticketNumber }),
          ticketNumber: survey.ticketNumber,
          actions: [newRequestButton(t, 'csat', survey)],
        },
      ];
    const response = await nps.takeComment(actor, text);
    if (response) return [{ text: t('csat.nps.comment_thanks'), actions: [newRequestButton(t, 'nps', response)] }];
    return null;
  });
  deps.assistant.onAction(COMMENT_NEW_REQUEST_ACTION, async (actor, value, t) => {
    const payload = parseCommentPayload(value);
    const withdrawn = !payload
      ? ({ ok: false, reason: 'invalid' } as const)
      : await (payload.kind === 'csat' ? csat : nps).withdrawComment(actor, payload.id, payload.at);
    if (!withdrawn.ok)
      return [{ text: t(withdrawn.reason === 'gone' ? 'csat.comment_gone' : `csat.refused.${withdrawn.reason}`) }];
    return [{ text: t('csat.comment_withdrawn') }, ...(await deps.assistant.intakeFor(actor, withdrawn.text))];
  });

  return { csat, nps, results };
}

/** "That was a new request" under a comment's thank-you: `<csat|nps>:<survey id>:<comment time>`. */
const COMMENT_NEW_REQUEST_ACTION = 'survey.comment_new_request';
const commentPayload = /^(csat|nps):([0-9a-f]{24}):(\d{1,15})$/;

function newRequestButton(
  t: Translate,
  kind: 'csat' | 'nps',
  answer: { _id: unknown; commentAt?: Date },
): ActionButton {
  return {
    id: COMMENT_NEW_REQUEST_ACTION,
    label: t('csat.comment_new_request'),
    value: `${kind}:${String(answer._id)}:${answer.commentAt?.getTime() ?? 0}`,
  };
}

function parseCommentPayload(value: string): { kind: 'csat' | 'nps'; id: string; at: number } | null {
  const match = commentPayload.exec(value);
  return match ? { kind: match[1] as 'csat' | 'nps', id: match[2], at: Number(match[3]) } : null;
}

/** Resolve schedules the poll; reopen or cancel before it is answered withdraws it. */
async function followTicket(csat: CsatService, logger: SurveyLogger, change: TicketChange): Promise<void> {
  try {
    if (change.type === 'resolved') await csat.schedule(change.ticket);
    else if (change.type === 'reopened' || change.type === 'cancelled')
      await csat.cancelFor(change.ticket, `ticket_${change.type}`);
  } catch (err) {
    // The ticket change itself succeeded; a survey problem must not turn it into an error for the agent.
    logger.error({ err, ticket: change.ticket.number, change: change.type }, 'csat could not follow a ticket change');
  }
}

function csatReply(t: Translate, result: CsatAnswer, windowMinutes: number): OutboundMessage[] {
  if (!result.ok) return [{ text: t(`csat.refused.${result.reason}`) }];
  const { survey, ticket } = result;
  const vars = { number: ticket.number, score: survey.score ?? '' };
  const lines = [t(result.replaced ? 'csat.updated' : 'csat.thanks', vars)];
  if (result.low) lines.push(t('csat.low'));
  lines.push(t('csat.ask_comment', { minutes: windowMinutes }));
  const actions: ActionButton[] | undefined =
    result.low && result.canReopen
      ? [{ id: REOPEN_ACTION, label: t('actions.reopen'), value: ticket.number, style: 'danger' }]
      : undefined;
  return [{ text: lines.join('\n'), ticketNumber: ticket.number, actions }];
}

function npsReply(t: Translate, result: NpsAnswer, windowMinutes: number): OutboundMessage[] {
  if (!result.ok) return [{ text: t(`csat.refused.${result.reason}`) }];
  const score = result.response.score ?? '';
  return [
    {
      text: [
        t(result.replaced ? 'csat.nps.updated' : 'csat.nps.thanks', { score }),
        t('csat.nps.ask_why', { minutes: windowMinutes }),
      ].join('\n'),
    },
  ];
}
