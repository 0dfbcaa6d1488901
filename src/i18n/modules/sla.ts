import { defineMessages } from '../define';

/** SLA watch, escalation, on-call and extension messages (keys under `sla.`). */
export const sla = defineMessages({
  en: {
    target: { acknowledge: 'acknowledge', resolve: 'resolve' },
    warning:
      '⏳ SLA warning on *{{number}}* ({{priority}}): {{percent}} % of the {{target}} target is used. It must be met by {{due}}.\n> {{title}}',
    breach: '🚨 SLA breached on *{{number}}* ({{priority}}): the {{target}} target passed at {{due}}.\n> {{title}}',
    breach_lead:
      '🚨 SLA breached in your team ({{team}}): *{{number}}* ({{priority}}) missed its {{target}} target at {{due}}. Assignee: {{assignee}}.\n> {{title}}',
    escalation_reason: 'The {{target}} target was missed at {{due}}: automatic escalation.',
    repage:
      '📟 *{{number}}* ({{priority}}) was not acknowledged by {{due}}. You are on call for {{level}}: please pick it up now.\n> {{title}}',
    breach_manager:
      '🚨 For your attention: *{{number}}* ({{priority}}, {{team}}, {{level}}) missed its {{target}} target at {{due}}. Assignee: {{assignee}}.\n> {{title}}',
    escalated_page:
      '⬆️ *{{number}}* ({{priority}}) missed its {{target}} target and was escalated to {{level}} ({{team}}). You are {{roles}}: please pick it up.\n> {{title}}',
    top_level_page:
      '🚨 *{{number}}* ({{priority}}) missed its {{target}} target at the highest level ({{level}}, {{team}}). You are {{roles}}: please take action.\n> {{title}}',
    manual_escalation_page:
      '⬆️ {{agent}} escalated *{{number}}* ({{priority}}) to {{level}} ({{team}}): {{reason}}\nYou are {{roles}}: please pick it up.\n> {{title}}',
    role: { oncall: 'on call for {{level}}', lead: 'lead of {{team}}' },
    roles_join: ' and ',
    problem_proposal:
      '*{{number}}* is an incident that missed its resolve target. Should a problem record investigate the underlying cause?',
    problem_open: 'Open a problem record',
    problem_dismiss: 'Not needed',
    problem_title: 'Problem behind {{number}}: {{title}}',
    problem_description:
      'Problem record raised after incident {{number}} missed its resolve target ({{due}}).\n\n{{description}}',
    problem_opened: 'Problem *{{problem}}* opened and linked to *{{number}}*.',
    problem_dismissed: 'No problem record for *{{number}}* ({{agent}}).',
    page_out_of_hours:
      '📟 Out of hours: {{priority}} *{{number}}* from {{requester}} needs attention. You are on call for {{level}} until {{until}}.\n> {{title}}',
    page_unreachable:
      '📟 Out of hours: {{priority}} *{{number}}* needs attention, but the on-call person for {{level}} could not be reached directly.\n> {{title}}',
    extend: {
      not_open: '*{{number}}* is {{status}}: its deadline can no longer be extended.',
      asked:
        'I asked {{requester}} to accept resolving *{{number}}* {{duration}} later (business time). I will tell you their answer.',
      ask: '{{agent}} asks for more time on your ticket *{{number}}*: {{duration}} more (business time), so resolution by about {{proposed}} instead of {{current}}.\n> {{reason}}\nDo you accept?',
      unreachable:
        'I could not reach {{requester}} to ask for the extension of *{{number}}*: the deadline is unchanged. Ask them directly, then run `extend` again.',
      accept: 'Accept',
      decline: 'Keep the original deadline',
      note: 'SLA extension of {{duration}} requested from the requester: {{reason}}',
      declined_note: 'The requester declined the SLA extension of {{duration}}; the commitment stays {{current}}.',
      accepted_requester: 'Thank you. *{{number}}* is now due by {{resolveBy}}.',
      declined_requester: 'Understood: we keep our commitment to resolve *{{number}}* by {{resolveBy}}.',
      accepted_agent: '{{requester}} accepted the extension of *{{number}}*: now due by {{resolveBy}}.',
      declined_agent: '{{requester}} declined the extension of *{{number}}*: it stays due by {{resolveBy}}.',
    },
    request: {
      unknown: 'That request does not exist or has expired.',
      answered: 'That request was already answered.',
      not_requester: 'Only the requester of *{{number}}* can answer this request.',
      agents_only: 'Only service-desk agents can do that.',
      closed: '*{{number}}* is {{status}}: the request no longer applies.',
    },
    oncall: {
      header: 'On call now ({{at}}):',
      line: '• {{level}} – {{team}}: {{person}} until {{until}}{{override}}',
      override: ' (override)',
      none: '• {{level}} – {{team}}: no rotation configured',
      out_of_hours: 'The desk is closed now: the on-call people are paged for P1/P2 tickets.',
      in_hours: 'The desk is open now.',
    },
  },
  fr: {
    target: { acknowledge: 'prise en charge', resolve: 'résolution' },
    warning:
      '⏳ Alerte SLA sur *{{number}}* ({{priority}}) : {{percent}} % du délai de {{target}} est consommé. Échéance : {{due}}.\n> {{title}}',
    breach: '🚨 SLA dépassé sur *{{number}}* ({{priority}}) : le délai de {{target}} a expiré le {{due}}.\n> {{title}}',
    breach_lead:
      '🚨 SLA dépassé dans votre équipe ({{team}}) : *{{number}}* ({{priority}}) a manqué son délai de {{target}} le {{due}}. Assigné à : {{assignee}}.\n> {{title}}',
    escalation_reason: 'Délai de {{target}} dépassé le {{due}} : escalade automatique.',
    repage:
      '📟 *{{number}}* ({{priority}}) n’a pas été pris en charge avant le {{due}}. Vous êtes d’astreinte {{level}} : merci de le prendre maintenant.\n> {{title}}',
    breach_manager:
      '🚨 Pour information : *{{number}}* ({{priority}}, {{team}}, {{level}}) a manqué son délai de {{target}} le {{due}}. Assigné à : {{assignee}}.\n> {{title}}',
    escalated_page:
      '⬆️ *{{number}}* ({{priority}}) a dépassé son délai de {{target}} et a été escaladé en {{level}} ({{team}}). Vous êtes {{roles}} : merci de le prendre en charge.\n> {{title}}',
    top_level_page:
      '🚨 *{{number}}* ({{priority}}) a dépassé son délai de {{target}} au plus haut niveau ({{level}}, {{team}}). Vous êtes {{roles}} : merci d’agir.\n> {{title}}',
    manual_escalation_page:
      '⬆️ {{agent}} a escaladé *{{number}}* ({{priority}}) en {{level}} ({{team}}) : {{reason}}\nVous êtes {{roles}} : merci de le prendre en charge.\n> {{title}}',
    role: { oncall: 'd’astreinte {{level}}', lead: 'responsable de {{team}}' },
    roles_join: ' et ',
    problem_proposal:
      '*{{number}}* est un incident qui a dépassé son délai de résolution. Faut-il ouvrir un problème pour en chercher la cause profonde ?',
    problem_open: 'Ouvrir un problème',
    problem_dismiss: 'Pas nécessaire',
    problem_title: 'Problème derrière {{number}} : {{title}}',
    problem_description:
      'Problème ouvert après le dépassement du délai de résolution de l’incident {{number}} ({{due}}).\n\n{{description}}',
    problem_opened: 'Problème *{{problem}}* ouvert et lié à *{{number}}*.',
    problem_dismissed: 'Pas de problème pour *{{number}}* ({{agent}}).',
    page_out_of_hours:
      '📟 Hors horaires : {{priority}} *{{number}}* de {{requester}} demande votre attention. Vous êtes d’astreinte {{level}} jusqu’au {{until}}.\n> {{title}}',
    page_unreachable:
      '📟 Hors horaires : {{priority}} *{{number}}* demande votre attention, mais la personne d’astreinte {{level}} n’a pas pu être jointe directement.\n> {{title}}',
    extend: {
      not_open: '*{{number}}* est {{status}} : son échéance ne peut plus être prolongée.',
      asked:
        'J’ai demandé à {{requester}} d’accepter une résolution de *{{number}}* {{duration}} plus tard (temps ouvré). Je vous transmettrai sa réponse.',
      ask: '{{agent}} demande plus de temps pour votre ticket *{{number}}* : {{duration}} de plus (temps ouvré), soit une résolution vers le {{proposed}} au lieu du {{current}}.\n> {{reason}}\nAcceptez-vous ?',
      unreachable:
        'Je n’ai pas pu joindre {{requester}} pour demander la prolongation de *{{number}}* : l’échéance est inchangée. Contactez-le directement, puis relancez `extend`.',
      accept: 'Accepter',
      decline: 'Garder l’échéance initiale',
      note: 'Prolongation SLA de {{duration}} demandée au demandeur : {{reason}}',
      declined_note: 'Le demandeur a refusé la prolongation SLA de {{duration}} ; l’engagement reste le {{current}}.',
      accepted_requester: 'Merci. *{{number}}* est maintenant attendu pour le {{resolveBy}}.',
      declined_requester: 'Entendu : nous maintenons notre engagement de résoudre *{{number}}* avant le {{resolveBy}}.',
      accepted_agent: '{{requester}} a accepté la prolongation de *{{number}}* : échéance au {{resolveBy}}.',
      declined_agent: '{{requester}} a refusé la prolongation de *{{number}}* : l’échéance reste le {{resolveBy}}.',
    },
    request: {
      unknown: 'Cette demande n’existe pas ou a expiré.',
      answered: 'Cette demande a déjà reçu une réponse.',
      not_requester: 'Seul le demandeur de *{{number}}* peut répondre à cette demande.',
      agents_only: 'Seuls les techniciens du support peuvent faire cela.',
      closed: '*{{number}}* est {{status}} : la demande ne s’applique plus.',
    },
    oncall: {
      header: 'Astreinte en cours ({{at}}) :',
      line: '• {{level}} – {{team}} : {{person}} jusqu’au {{until}}{{override}}',
      override: ' (remplacement)',
      none: '• {{level}} – {{team}} : aucune rotation configurée',
      out_of_hours: 'Le support est fermé : les personnes d’astreinte sont appelées pour les tickets P1/P2.',
      in_hours: 'Le support est ouvert.',
    },
  },
});
