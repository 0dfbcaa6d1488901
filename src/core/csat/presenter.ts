import type { Policy } from '../../config';
import type { Translate } from '../../i18n';
import type { OutboundMessage } from '../notify/messages';
import type { Ticket } from '../tickets/model';
import type { CsatSurvey, NpsResponse } from './model';
import { CSAT_SCORES } from './stats';

export const CSAT_ACTION = 'csat.score';
export const NPS_ACTION = 'nps.score';
export const REOPEN_ACTION = 'ticket.reopen';

/** The translated survey messages; every channel renders `actions` as buttons. */
export class SurveyPresenter {
  constructor(private readonly policy: Policy) {}

  csatPoll(t: Translate, survey: CsatSurvey, ticket: Ticket, reminder: boolean): OutboundMessage {
    const id = String(survey._id);
    return {
      text: t(reminder ? 'csat.reminder' : 'csat.poll', { number: ticket.number, title: ticket.title }),
      ticketNumber: ticket.number,
      actions: CSAT_SCORES.map((score) => ({
        id: CSAT_ACTION,
        label: t(`csat.scale.${score}`),
        value: `${id}:${score}`,
      })),
    };
  }

  npsPoll(t: Translate, response: NpsResponse): OutboundMessage {
    const id = String(response._id);
    return {
      text: t('csat.nps.poll'),
      actions: Array.from({ length: 11 }, (_, score) => ({
        id: NPS_ACTION,
        label: String(score),
        value: `${id}:${score}`,
      })),
    };
  }

  /** What the team lead reads when a score is low (with the comment once there is one). */
  leadAlert(t: Translate, survey: CsatSurvey, ticket: Ticket): OutboundMessage {
    const vars = {
      number: ticket.number,
      title: ticket.title,
      score: survey.score ?? '',
      requester: survey.requester.name,
      agent: ticket.assignee?.name ?? survey.agent?.name ?? t('common.unassigned'),
      team: this.teamName(ticket.team),
      comment: survey.comment ?? '',
    };
    return { text: t(survey.comment ? 'csat.lead_alert_comment' : 'csat.lead_alert', vars) };
  }

  leadComment(t: Translate, survey: CsatSurvey): OutboundMessage {
    return {
      text: t('csat.lead_comment', {
        number: survey.ticketNumber,
        requester: survey.requester.name,
        score: survey.score ?? '',
        comment: survey.comment ?? '',
      }),
    };
  }

  private teamName(teamId: string): string {
    return this.policy.teams.find((team) => team.id === teamId)?.name ?? teamId;
  }
}
