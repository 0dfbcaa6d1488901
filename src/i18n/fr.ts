import type { DeepStrings } from './define';
import type { Catalogue } from './en';

/** Catalogue français. Même structure que en.ts (vérifiée par le typage et par un test). */
export const fr: DeepStrings<Catalogue> = {
  common: {
    none: 'aucun',
    unassigned: 'non assigné',
    yes: 'Oui',
    no: 'Non',
    priority: { P1: 'P1 – critique', P2: 'P2 – haute', P3: 'P3 – modérée', P4: 'P4 – basse' },
    level: { high: 'Élevé', medium: 'Moyen', low: 'Faible' },
    type: { incident: 'incident', request: 'demande de service', problem: 'problème' },
    status: {
      new: 'nouveau',
      assigned: 'pris en charge',
      waiting_user: 'en attente de votre réponse',
      resolved: 'résolu',
      closed: 'clos',
      cancelled: 'annulé',
    },
  },
  intake: {
    ask_impact:
      "Je n'ai pas trouvé de réponse dans la base de connaissances, je vais donc ouvrir un ticket. Combien de personnes sont concernées ?",
    ask_urgency: "Quelle est l'urgence pour vous ?",
    impact: { high: 'Beaucoup de monde / tout un site', medium: 'Mon équipe', low: 'Moi seul(e)' },
    urgency: { high: 'Je suis bloqué(e)', medium: 'Ça me ralentit', low: 'Ça peut attendre' },
    skip: 'Passer',
    draft_expired: 'Cette demande a déjà été traitée ou a expiré. Écrivez simplement votre message à nouveau.',
    too_long:
      'Votre message est trop long ({{length}} caractères, {{max}} au maximum). Raccourcissez-le ou joignez un fichier au ticket ensuite.',
    empty: 'Décrivez votre problème en quelques mots.',
  },
  kb: {
    suggestion: 'Cet article peut vous aider : *{{title}}*\n{{excerpt}}',
    solved: "C'est réglé",
    need_help: "J'ai encore besoin d'aide",
    thanks: "Ravi que ça ait aidé ! Aucun ticket n'a été ouvert. Écrivez-moi quand vous voulez.",
    search_results: 'Résultats de la base de connaissances pour « {{query}} » :',
    search_line: '{{rank}}. {{id}} – {{title}} (confiance {{confidence}} % ; termes : {{terms}})',
    search_none: 'Aucun article ne correspond à « {{query}} ».',
    added: 'Article {{id}} enregistré ({{status}}).',
    retired: "L'article {{id}} est retiré et ne sera plus proposé.",
    drafted:
      "Brouillon d'article {{id}} créé à partir de {{number}}. Relisez-le puis publiez-le avec `kb publish {{id}}`.",
    published: "L'article {{id}} est publié.",
    usage:
      'Utilisation : `kb search <texte>`, `kb add <titre> | <contenu> [| mots-clés]`, `kb retire <id>`, `kb publish <id>`, `kb from <ticket>`',
  },
  ticket: {
    opened:
      'Ticket *{{number}}* ouvert ({{type}}, priorité {{priority}}).\nNous le prendrons en charge avant le {{ackBy}} et visons une résolution avant le {{resolveBy}}.',
    opened_for: 'Ticket *{{number}}* ouvert pour {{requester}} à partir de son message.',
    card_title: '{{number}} · {{title}}',
    card_fields: 'Priorité {{priority}} · Statut {{status}} · Niveau {{level}} · Assigné à {{assignee}}',
    card_sla: 'Prise en charge avant le {{ackBy}} · Résolution avant le {{resolveBy}}',
    card_requester: 'Demandeur : {{requester}} · via {{channel}}',
    new_for_agents: 'Nouveau ticket ({{type}}) *{{number}}* de {{requester}} – {{priority}}\n> {{title}}',
    claimed: '{{agent}} prend en charge votre ticket *{{number}}*.',
    assigned_to: '*{{number}}* est assigné à {{agent}}.',
    escalated:
      'Votre ticket *{{number}}* a été transmis au niveau {{level}} ({{team}}) pour être traité par des spécialistes.',
    escalated_agents: '*{{number}}* escaladé en {{level}} ({{team}}) par {{agent}} : {{reason}}',
    waiting:
      "{{agent}} a besoin d'informations de votre part sur *{{number}}* :\n> {{question}}\nRépondez simplement ici ; le délai de résolution est suspendu jusqu'à votre réponse.",
    workaround: 'Une solution de contournement est disponible pour *{{number}}* :\n> {{text}}',
    resolved:
      'Votre ticket *{{number}}* est résolu :\n> {{resolution}}\nSi le problème persiste, répondez `reopen {{number}}` dans les {{days}} jours.',
    reopened: '*{{number}}* est rouvert.',
    cancelled: '*{{number}}* est annulé.',
    closed: '*{{number}}* est clos.',
    priority_changed:
      'Priorité de *{{number}}* passée de {{from}} à {{to}}. Nouvelle échéance de résolution : {{resolveBy}}.',
    linked: '*{{number}}* est lié à {{target}}.',
    reply_from_agent: '{{agent}} sur *{{number}}* :\n> {{text}}',
    message_from_requester: '{{requester}} sur *{{number}}* :\n> {{text}}',
    note_added: 'Note interne ajoutée à *{{number}}*.',
    reply_sent: 'Réponse envoyée à {{requester}} sur *{{number}}*.',
    message_added: 'Ajouté à *{{number}}* ; les techniciens sont prévenus.',
    status_line: '*{{number}}* · {{title}} · {{status}} · {{priority}} · {{assignee}}',
    status_detail:
      '*{{number}}* – {{title}}\nType : {{type}} · Priorité : {{priority}} · Statut : {{status}} · Niveau : {{level}}\nAssigné à : {{assignee}} · Demandeur : {{requester}}\nPrise en charge avant le {{ackBy}} · Résolution avant le {{resolveBy}}',
    mine_header_one: 'Vous avez {{count}} ticket ouvert :',
    mine_header_other: 'Vous avez {{count}} tickets ouverts :',
    mine_none: "Vous n'avez aucun ticket ouvert.",
    queue_header_one: '{{count}} ticket dans la file ({{filter}}) :',
    queue_header_other: '{{count}} tickets dans la file ({{filter}}) :',
    queue_none: 'La file est vide ({{filter}}).',
    sla_due: 'échéance {{at}}',
    sla_breached: 'SLA dépassé',
  },
  actions: {
    claim: 'Prendre',
    assign: 'Assigner',
    escalate: 'Escalader',
    resolve: 'Résoudre',
    reopen: 'Rouvrir',
    declare_crisis: 'Déclarer un incident majeur',
  },
  console: {
    placeholder: 'Décrivez votre problème ou tapez une commande…',
    send: 'Envoyer',
    context: 'Contexte',
    new_request: 'Nouvelle demande',
  },
  help: {
    employee:
      'Décrivez votre problème avec vos mots : je cherche une réponse ou j’ouvre un ticket.\nVous pouvez aussi écrire : `mes tickets`, `status INC-000042`, `cancel INC-000042`, `reopen INC-000042`.',
    agent:
      'Commandes technicien : `queue [mine|unassigned|breaching]`, `claim <id>`, `assign <id> <utilisateur>`, `priority <id> <P1-P4>`, `escalate <id> [L2|L3] <raison>`, `reply <id> <texte>`, `note <id> <texte>`, `wait <id> <question>`, `workaround <id> <texte>`, `resolve <id> <résolution>`, `extend <id> <durée> <raison>`, `reopen <id>`, `cancel <id>`, `link <id> <cible>`, `status <id>`, `kb …`, `crisis …`, `report [période]`, `oncall`.',
  },
  errors: {
    generic:
      "Désolé, un problème est survenu de notre côté (référence {{ref}}). Votre message n'est pas perdu ; réessayez dans un instant.",
    db_unavailable:
      "La base de données du support est indisponible pour le moment. J'ai gardé votre message et je le traiterai dès son retour.",
    db_recovered: 'Le support est de retour. J’ai traité le message que vous aviez envoyé :',
    forbidden_agent: 'Seuls les techniciens du support peuvent utiliser `{{verb}}`.',
    unknown_command: 'Je ne connais pas la commande `{{verb}}`. Écrivez `aide` pour voir ce que je sais faire.',
    invalid_arguments: 'Commande invalide : {{details}}\nUtilisation : `{{usage}}`',
    invalid_input: 'Saisie invalide : {{details}}',
    ticket: {
      not_found: "Le ticket {{number}} n'existe pas.",
      invalid_number: '« {{number}} » n’est pas un numéro de ticket (par exemple INC-000042).',
      illegal_transition: 'Le ticket {{number}} est {{from}} : il ne peut pas passer à {{to}}.',
      not_requester: 'Seul le demandeur de {{number}} ou un technicien peut faire cela.',
      already_level: 'Le ticket {{number}} est déjà au niveau {{level}}.',
      max_level: 'Le ticket {{number}} est déjà au plus haut niveau de support.',
      unknown_user: 'Je ne connais pas l’utilisateur « {{user}} ».',
      not_an_agent: "{{user}} n'est pas technicien du support.",
      same_priority: 'Le ticket {{number}} a déjà la priorité {{priority}}.',
    },
    kb: {
      not_found: "L'article {{id}} n'existe pas.",
      invalid: 'Article invalide : {{details}}',
    },
  },
};
