import type { DeepStrings } from './define';
import type { Catalogue } from './en';

/** Catalogue français. Même structure que en.ts (vérifiée par le typage et par un test). */
export const fr: DeepStrings<Catalogue> = {
  common: {
    duration: { min: '{{m}} min', hours: '{{h}} h {{m}}', days: '{{d}} j {{h}} h' },
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
    agent_status: {
      new: 'nouveau',
      assigned: 'pris en charge',
      waiting_user: 'en attente du demandeur',
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
    ask_impact_after_kb: "D'accord, ouvrons un ticket. Combien de personnes sont concernées ?",
    which_ticket:
      'Plusieurs de vos tickets attendent une réponse de votre part. À quel ticket votre message répond-il ?',
    answer_ticket: '{{number}} · {{title}}',
    new_problem: "C'est un nouveau problème",
    already_opened: 'Le ticket *{{number}}* a déjà été ouvert pour cette demande.',
    already_added: 'Ce message a déjà été ajouté à *{{number}}*.',
    already_solved:
      "Vous m'avez indiqué que l'article avait réglé le problème : aucun ticket n'a été ouvert. Si le problème revient, décrivez-le simplement à nouveau.",
    in_progress: 'Cette demande est déjà en cours de traitement.',
    ask_new:
      "Qu'est-ce qui ne va pas ? Décrivez votre problème ou votre besoin en quelques mots : je cherche une réponse ou j'ouvre un ticket.",
    small_talk: {
      thanks: "Avec plaisir ! Écrivez-moi dès que vous avez besoin d'aide.",
      greeting: "Bonjour ! Décrivez votre problème en quelques mots : je cherche une réponse ou j'ouvre un ticket.",
      solved: "Tant mieux si ça marche ! Écrivez-moi dès que vous avez de nouveau besoin d'aide.",
      other: "Je suis là si vous avez besoin d'aide : décrivez simplement votre problème en quelques mots.",
    },
  },
  kb: {
    suggestion: 'Cet article peut vous aider : *{{title}}*\n{{excerpt}}',
    suggestion_more:
      'Ceci est le début d’un article plus long. Si ces étapes ne suffisent pas, demandez l’article `{{id}}` au centre de services.',
    ask_two:
      'Est-ce à propos de *{{first}}* ou de *{{second}}* ?\n{{choices}}\nRépondez par un numéro ou utilisez les boutons.',
    ask_one: 'Est-ce à propos de *{{first}}* ?\n{{choices}}\nRépondez par un numéro ou utilisez les boutons.',
    other: 'Autre chose',
    choose_number: 'Répondez par un numéro de 1 à {{max}}, ou utilisez les boutons.',
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
    card_fields: 'Priorité {{priority}} · Statut {{status}} · Niveau {{level}} · {{assignment}}',
    assignment: 'Assigné à {{agent}}',
    assignment_detail: 'Assigné à : {{agent}}',
    unassigned: 'Non assigné',
    card_sla: 'Prise en charge avant le {{ackBy}} · Résolution avant le {{resolveBy}}',
    card_sla_acknowledged: 'Pris en charge · Résolution avant le {{resolveBy}}',
    card_escalated: 'Escaladé en {{level}} par {{agent}} : {{reason}}',
    outcome: {
      resolved: 'Résolu le {{at}}',
      closed: 'Clos le {{at}}',
      cancelled: 'Annulé le {{at}}',
    },
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
    workaround_sent: 'Solution de contournement envoyée à {{requester}} sur *{{number}}*.',
    resolved:
      'Votre ticket *{{number}}* est résolu :\n> {{resolution}}\nSi le problème persiste, cliquez sur Rouvrir ou écrivez `rouvrir {{number}}` dans les {{days}} jours.',
    resolved_agent:
      '*{{number}}* est résolu : {{resolution}}\nMessage envoyé à {{requester}}, qui peut le rouvrir pendant {{days}} jours ; passé ce délai, il sera clos.',
    reopened: '*{{number}}* est rouvert.',
    reopened_by_requester: '{{requester}} a rouvert *{{number}}* :\n> {{reason}}',
    reopened_by_message: '*{{number}}* est rouvert ; votre message y est ajouté et un technicien va revenir vers vous.',
    cancelled: '*{{number}}* est annulé.',
    cancelled_by_requester: '{{requester}} a annulé *{{number}}* :\n> {{reason}}',
    cancelled_by_agent: '{{agent}} a annulé votre ticket *{{number}}*.',
    cancelled_by_agent_reason: '{{agent}} a annulé votre ticket *{{number}}* :\n> {{reason}}',
    cancelled_agent: '*{{number}}* est annulé. Message envoyé à {{requester}}.',
    closed: '*{{number}}* est clos.',
    priority_changed:
      'Priorité de *{{number}}* passée de {{from}} à {{to}}. Nouvelle échéance de résolution : {{resolveBy}}.',
    linked: '*{{number}}* est lié à {{target}}.',
    already_linked: '*{{number}}* est déjà lié à {{target}}.',
    assigned_you: '{{agent}} vous a assigné *{{number}}* ({{priority}}, demandeur : {{requester}}) :\n> {{title}}',
    taken_over: '{{agent}} a repris *{{number}}* ({{title}}) : ce ticket ne vous est plus assigné.',
    reassigned: '{{agent}} a réassigné *{{number}}* ({{title}}) à {{assignee}} : ce ticket ne vous est plus assigné.',
    taken_over_from:
      '*{{number}}* vous est maintenant assigné. Il était assigné à {{previous}}, qui a reçu un message.',
    assigned_to_colleague: '*{{number}}* est assigné à {{agent}}, qui a reçu le ticket en message privé.',
    reassigned_from:
      '*{{number}}* est assigné à {{agent}} (il était assigné à {{previous}}) ; chacun a reçu un message.',
    waiting_agent:
      'Question envoyée à {{requester}} sur *{{number}}*. Le ticket est en attente du demandeur : le délai SLA est suspendu jusqu’à sa réponse.',
    waiting_agent_assigned: 'Le ticket vous est désormais assigné.',
    reply_from_agent: '{{agent}} sur *{{number}}* :\n> {{text}}',
    message_from_requester: '{{requester}} sur *{{number}}* :\n> {{text}}',
    note_added: 'Note interne ajoutée à *{{number}}*.',
    reply_sent: 'Réponse envoyée à {{requester}} sur *{{number}}*.',
    message_added: 'Ajouté à *{{number}}* ; les techniciens sont prévenus.',
    message_added_resolved:
      'Ajouté à *{{number}}* ; les techniciens sont prévenus. Le ticket reste résolu : si le problème persiste, cliquez sur Rouvrir ou écrivez `rouvrir {{number}}`.',
    status_line: '*{{number}}* · {{title}} · {{status}} · {{priority}} · {{assignee}}',
    status_detail:
      '*{{number}}* – {{title}}\nType : {{type}} · Priorité : {{priority}} · Statut : {{status}} · Niveau : {{level}}\n{{assignmentDetail}} · Demandeur : {{requester}}',
    status_resolution: 'Résolution : {{resolution}}',
    status_links: 'Lié à : {{links}}',
    mine_header_one: 'Vous avez {{count}} ticket ouvert :',
    mine_header_other: 'Vous avez {{count}} tickets ouverts :',
    mine_resolved: 'Résolus récemment ({{count}}) ; écrivez `rouvrir <numéro>` si un problème revient :',
    mine_none: "Vous n'avez aucun ticket ouvert.",
    usage: {
      status: 'statut <id>',
      cancel: 'annuler <id> [raison]',
      reopen: 'rouvrir <id> [raison]',
      claim: 'prendre <id>',
      reply: 'répondre <id> <texte>',
      note: 'note <id> <texte>',
      wait: 'attendre <id> <question>',
      workaround: 'contournement <id> <texte>',
      resolve: 'résoudre <id> <résolution>',
      queue: 'file [les miens|non assignés|en retard]',
      assign: 'assigner <id> <utilisateur>',
      priority: 'priorité <id> <P1-P4>',
      escalate: 'escalader <id> [L2|L3] <raison>',
      link: 'lier <id> <problème-ou-crise>',
    },
    queue_filter: { all: 'tous', mine: 'les miens', unassigned: 'non assignés', breaching: 'en retard' },
    queue_header_one: '{{count}} ticket dans la file ({{filter}}) :',
    queue_header_other: '{{count}} tickets dans la file ({{filter}}) :',
    queue_none: 'La file est vide ({{filter}}).',
    sla_due: 'échéance {{at}}',
    card_crisis: '🚨 Incident majeur {{crisis}} déclaré : la cellule de crise le prend en charge',
    crisis_linked:
      'Votre ticket *{{number}}* fait partie de l’incident majeur {{crisis}} : une cellule de crise s’en occupe, et vous recevrez ses points d’étape ici.',
    priority_changed_requester:
      'La priorité de votre ticket *{{number}}* est passée de {{from}} à {{to}}. Nous visons désormais une résolution avant le {{resolveBy}}.',
    sla_breached: 'SLA dépassé : le délai de résolution a expiré le {{resolveBy}}',
    sla_paused:
      'Horloge SLA suspendue depuis le {{since}} (attente du demandeur) · {{left}} de temps ouvré restant pour résoudre après sa réponse',
    sla_paused_requester:
      'Horloge SLA suspendue depuis le {{since}} en attendant votre réponse · {{left}} de temps ouvré restant pour résoudre après votre réponse',
    sla_resumed_requester:
      'L’horloge repart : nous visons désormais une résolution avant le {{resolveBy}} (décalée des {{paused}} de temps ouvré passés à vous attendre).',
    sla_resumed_requester_unmoved:
      'L’horloge repart : nous visons toujours une résolution avant le {{resolveBy}} (vous avez répondu avant que du temps ouvré ne passe).',
    sla_resumed_agents_unmoved:
      'Horloge SLA relancée ; aucun temps ouvré n’est passé pendant la pause : résolution avant le {{resolveBy}}.',
    sla_resumed_agents:
      'Horloge SLA relancée après {{paused}} de temps ouvré en pause : résolution avant le {{resolveBy}}.',
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
    page_title: 'Console du helpdesk',
    personas: 'Persona',
    rooms: 'Salons',
    direct_messages: 'messages privés',
    bot: 'Bot du helpdesk',
    message: 'Message',
    conversation: 'Conversation',
    menu: 'Personas et salons',
    inputs: {
      assign: 'Assigner à (nom ou identifiant) :',
      escalate: 'Motif de l’escalade (commencez par L2 ou L3 pour choisir le niveau) :',
      resolve: 'Résolution, telle que le demandeur la lira :',
    },
    roles: { employee: 'Employé', agent: 'Technicien', lead: 'Responsable d’équipe', manager: 'Manager' },
    signin: {
      title: 'Console du helpdesk',
      intro: 'Cette console est protégée. Saisissez le mot de passe de la console donné par votre administrateur.',
      password: 'Mot de passe',
      submit: 'Se connecter',
      wrong: 'Mot de passe incorrect. Réessayez.',
      limited: 'Trop de mots de passe incorrects depuis cette adresse. Attendez quelques minutes avant de réessayer.',
      language: 'Langue : français',
      signout: 'Se déconnecter',
    },
  },
  help: {
    employee:
      'Décrivez votre problème avec vos mots : je cherche une réponse ou j’ouvre un ticket.\nVous pouvez aussi écrire : `mes tickets`, `statut INC-000042`, `annuler INC-000042 <raison>`, `rouvrir INC-000042 <raison>` (la raison est facultative).',
    agent:
      'Commandes technicien : `file [les miens|non assignés|en retard]`, `prendre <id>`, `assigner <id> <utilisateur>`, `priorité <id> <P1-P4>`, `escalader <id> [L2|L3] <raison>`, `répondre <id> <texte>`, `note <id> <texte>`, `attendre <id> <question>`, `contournement <id> <texte>`, `résoudre <id> <résolution>`, `prolonger <id> <durée> <raison>`, `rouvrir <id> [raison]`, `annuler <id> [raison]`, `lier <id> <cible>`, `problème <PRB-id> cause|erreur-connue|investigation <texte>`, `statut <id>`, `kb …`, `crise …`, `rapport [période]`, `astreinte`.',
  },
  errors: {
    generic:
      "Désolé, un problème est survenu de notre côté (référence {{ref}}). Votre message n'est pas perdu ; réessayez dans un instant.",
    db_unavailable:
      "La base de données du support est indisponible pour le moment. J'ai gardé votre message et je le traiterai dès son retour.",
    db_full:
      'La base de données du support est indisponible et ne peut plus garder de messages. Votre message n’a pas été reçu : renvoyez-le dans quelques minutes.',
    forbidden_agent: 'Seuls les techniciens du support peuvent utiliser `{{verb}}`.',
    unknown_command: 'Je ne connais pas la commande `{{verb}}`. Écrivez `aide` pour voir ce que je sais faire.',
    invalid_arguments: 'Commande invalide : {{details}}\nUtilisation : `{{usage}}`',
    invalid_input: 'Saisie invalide : {{details}}',
    arguments: {
      missing: 'il manque quelque chose.',
      extra: 'il y a des mots en trop.',
      ticket_number: '« {{value}} » n’est pas un numéro de ticket (par exemple INC-000042).',
      choice: '« {{value}} » ne fait pas partie des choix : {{choices}}.',
      too_short: '« {{value}} » est trop court.',
      too_long: 'le texte est trop long.',
      invalid_value: '« {{value}} » n’est pas valide ici.',
      invalid: 'les arguments ne sont pas valides.',
    },
    ticket: {
      not_found: "Le ticket {{number}} n'existe pas.",
      invalid_number: '« {{number}} » n’est pas un numéro de ticket (par exemple INC-000042).',
      illegal_transition: 'Le ticket {{number}} est {{from}} : il ne peut pas passer au statut « {{to}} ».',
      not_requester: 'Seul le demandeur du ticket {{number}} ou un technicien peut faire cela.',
      missing_number: 'il manque le numéro du ticket (par exemple INC-000042).',
      missing_text: 'il manque le texte après le numéro du ticket.',
      already_cancelled: 'Le ticket {{number}} est déjà annulé.',
      cancel_resolved:
        "Le ticket {{number}} est déjà résolu : il n'y a plus rien à annuler ; il sera clos automatiquement dans quelques jours.",
      final: 'Le ticket {{number}} est {{from}} : il ne peut plus être modifié.',
      reopen_first: "Le ticket {{number}} est résolu : rouvrez-le d'abord (`rouvrir {{number}}`).",
      already_resolved: 'Le ticket {{number}} est déjà résolu.',
      not_resolved: "Le ticket {{number}} est toujours en cours : il n'y a rien à rouvrir.",
      reopen_cancelled:
        "Un ticket annulé ne peut pas être rouvert ({{number}} est annulé). Décrivez de nouveau le problème et j'ouvrirai un nouveau ticket.",
      reopen_closed:
        "Le ticket {{number}} est clos et ne peut plus être rouvert. Décrivez de nouveau le problème et j'ouvrirai un nouveau ticket.",
      reopen_expired:
        "Le ticket {{number}} a été résolu il y a plus de {{days}} jours et ne peut plus être rouvert. Décrivez de nouveau le problème et j'ouvrirai un nouveau ticket.",
      message_cancelled:
        "Le ticket {{number}} est annulé : je n'y ai pas ajouté votre message. Si vous avez encore besoin d'aide, décrivez de nouveau le problème comme une nouvelle demande et j'ouvrirai un nouveau ticket.",
      message_closed:
        "Le ticket {{number}} est clos : je n'y ai pas ajouté votre message. Si le problème revient, décrivez-le de nouveau comme une nouvelle demande et j'ouvrirai un nouveau ticket.",
      already_level: 'Le ticket {{number}} est déjà au niveau {{level}}.',
      max_level: 'Le ticket {{number}} est déjà au plus haut niveau de support.',
      level_not_higher:
        'Le ticket {{number}} est au niveau {{current}} : {{level}} n’est pas un niveau supérieur, et une escalade ne fait que monter. Pour confier le ticket à quelqu’un d’autre, utilisez `assigner {{number}} <utilisateur>`.',
      already_yours: '*{{number}}* vous est déjà assigné.',
      already_assigned: '*{{number}}* est déjà assigné à {{agent}}.',
      link_self: 'Un ticket ne peut pas être lié à lui-même ({{number}}).',
      link_not_found: '{{target}} n’existe pas : impossible d’y lier {{number}}.',
      unknown_user: 'Je ne connais pas l’utilisateur « {{user}} ».',
      not_an_agent: "{{user}} n'est pas technicien du support.",
      same_priority: 'Le ticket {{number}} a déjà la priorité {{priority}}.',
      not_problem: '{{number}} n’est pas un enregistrement de problème : `problème` s’utilise sur les PRB-….',
      problem_verb:
        '{{number}} est un enregistrement de problème : `{{details}}` ne s’y applique pas (pas de demandeur à qui répondre, pas de SLA sur lequel escalader). Utilisez `problème {{number}} cause|erreur-connue <texte>`, `assigner`, `note` ou `résoudre`.',
      problem_root_cause_first:
        '{{number}} n’a pas encore de cause racine : enregistrez-la d’abord avec `problème {{number}} cause <texte>`, puis l’erreur connue.',
      problem_already_investigating: '{{number}} est déjà en investigation.',
      problem_known_error_set:
        '{{number}} est déjà une erreur connue : pour donner une autre cause racine, repassez-le en investigation avec `problème {{number}} investigation <motif>`.',
    },
    kb: {
      not_found: "L'article {{id}} n'existe pas.",
      invalid: 'Article invalide : {{details}}',
    },
  },
};
