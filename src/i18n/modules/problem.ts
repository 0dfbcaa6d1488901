import { defineMessages } from '../define';

/** Problem records (keys under `problem.`): their lifecycle, owner and the `problem` verb. */
export const problem = defineMessages({
  en: {
    state: { investigating: 'investigating', root_cause_known: 'root cause known', known_error: 'known error' },
    owner: 'Owner {{agent}}',
    no_owner: 'No owner',
    card_fields: 'Priority {{priority}} · {{status}} · Level {{level}} · {{assignment}}',
    raised_from: 'Raised from {{number}}',
    root_cause_line: 'Root cause: {{text}}',
    workaround_line: 'Known error, workaround: {{text}}',
    no_sla: 'Problem record: no acknowledge or resolve target, worked until its root cause is removed.',
    new_for_agents: 'New problem *{{number}}* raised from {{from}}, owned by {{owner}} – {{priority}}\n> {{title}}',
    status_detail:
      '*{{number}}* – {{title}}\nType: {{type}} · Priority: {{priority}} · State: {{status}} · Level: {{level}}\n{{assignmentDetail}}',
    resolved_agent:
      'Problem *{{number}}* is resolved: {{resolution}}\nIt closes in {{days}} days unless it is reopened.',
    moved: {
      root_cause_known: '*{{number}}*: root cause known.\n> {{text}}',
      known_error: '*{{number}}* is now a known error. Workaround:\n> {{text}}',
      investigating: '*{{number}}* is back under investigation:\n> {{text}}',
    },
    moved_thread: '{{agent}} set *{{number}}* to “{{state}}”:\n> {{text}}',
    known_error_for_incident: '💡 Known error *{{problem}}* (linked to *{{number}}*) has a workaround:\n> {{text}}',
    verb: { wait: 'wait', reply: 'reply', escalate: 'escalate', workaround: 'workaround' },
    usage: 'problem <PRB-id> root-cause|known-error|investigating <text>',
  },
  fr: {
    state: { investigating: 'en investigation', root_cause_known: 'cause racine connue', known_error: 'erreur connue' },
    owner: 'Responsable {{agent}}',
    no_owner: 'Sans responsable',
    card_fields: 'Priorité {{priority}} · {{status}} · Niveau {{level}} · {{assignment}}',
    raised_from: 'Ouvert à partir de {{number}}',
    root_cause_line: 'Cause racine : {{text}}',
    workaround_line: 'Erreur connue, contournement : {{text}}',
    no_sla:
      'Enregistrement de problème : pas de délai de prise en charge ni de résolution, traité jusqu’à la suppression de sa cause racine.',
    new_for_agents:
      'Nouveau problème *{{number}}* ouvert à partir de {{from}}, responsable {{owner}} – {{priority}}\n> {{title}}',
    status_detail:
      '*{{number}}* – {{title}}\nType : {{type}} · Priorité : {{priority}} · État : {{status}} · Niveau : {{level}}\n{{assignmentDetail}}',
    resolved_agent:
      'Le problème *{{number}}* est résolu : {{resolution}}\nIl sera clos dans {{days}} jours s’il n’est pas rouvert.',
    moved: {
      root_cause_known: '*{{number}}* : cause racine connue.\n> {{text}}',
      known_error: '*{{number}}* est désormais une erreur connue. Contournement :\n> {{text}}',
      investigating: '*{{number}}* repasse en investigation :\n> {{text}}',
    },
    moved_thread: '{{agent}} a passé *{{number}}* à l’état « {{state}} » :\n> {{text}}',
    known_error_for_incident: '💡 L’erreur connue *{{problem}}* (liée à *{{number}}*) a un contournement :\n> {{text}}',
    verb: { wait: 'attendre', reply: 'répondre', escalate: 'escalader', workaround: 'contournement' },
    usage: 'problème <PRB-id> cause|erreur-connue|investigation <texte>',
  },
});
