import { defineMessages } from '../define';

/** Crisis cell (major incidents): room, roles, actions, updates, reminders, report (keys under `crisis.`). */
export const crisis = defineMessages({
  en: {
    usage:
      'Crisis commands: `crisis declare <title> [sev1|sev2]`, and in the crisis room (or followed by the crisis number): `crisis role <role> <user>`, `crisis invite <user>`, `crisis action <text> [@owner] [due]` (due: `30m`, `in 2h`, `14:30`, `tomorrow 10:00`), `crisis done <n>`, `crisis update <text>`, `crisis status investigating|identified|monitoring|resolved`, `crisis link <ticket>`, `crisis close [resolution]`, `crisis retry`. Roles are held by service-desk agents; people invited who are not agents follow the crisis.',
    severity: { sev1: 'SEV1', sev2: 'SEV2' },
    severity_impact: {
      sev1: 'critical — a core service is down or unusable for many people',
      sev2: 'major — a service is seriously degraded for a large group of people',
    },
    status: {
      investigating: 'investigating',
      identified: 'identified',
      monitoring: 'monitoring',
      resolved: 'resolved',
      closed: 'closed',
    },
    role: {
      commander: 'incident commander',
      communications: 'communications lead',
      scribe: 'scribe',
      technical: 'technical lead',
      participant: 'participant',
      follower: 'follower',
    },
    /** The word to type for each role in `crisis role <role> <user>`. */
    role_word: { commander: 'commander', communications: 'communications', scribe: 'scribe', technical: 'technical' },
    status_words: 'investigating, identified, monitoring, resolved',
    duty: {
      commander:
        'you lead the response: set priorities, assign roles and actions, decide, and close the crisis when service is restored.',
      communications:
        'you keep stakeholders and affected users informed: post `crisis update <text>` at least every {{interval}}; I remind you when an update is due.',
      scribe:
        'you keep the record: log actions and decisions in the room (`crisis action`, `crisis done`) so the post-incident report is complete.',
      technical: 'you lead diagnosis and recovery: coordinate the technical work and own the technical actions.',
      participant: 'you help resolve the incident: follow the room and take the actions assigned to you.',
      follower:
        'you follow the incident: read the room, and mark done the actions assigned to you (`crisis done <n>`). Updates, status changes and the close are posted by the service-desk agents of the cell.',
    },
    none: 'none',
    nobody: 'unassigned',
    room_none: 'no room (use the crisis number in commands)',
    interval: '{{minutes}} min',
    declared_reply:
      '🚨 *{{number}}* declared ({{severity}}): {{title}}\nRoom: {{room}}\n{{roles}}\nNext update due {{due}}.',
    role_line: '• {{role}}: {{person}}',
    brief:
      '🚨 *Major incident {{number}}* — {{severity}}\n*What:* {{title}}\n*Impact:* {{impact}}\n*Status:* {{status}} · declared by {{declarer}}, {{declaredAt}}\n*Roles:*\n{{roles}}\n*Next update due:* {{due}}\nIn this room: `crisis action <text> [@owner] [due]`, `crisis done <n>`, `crisis update <text>`, `crisis status <status>`, `crisis link <ticket>`, `crisis close`.',
    impact: '{{severity}}; {{tickets}} linked ticket(s), {{requesters}} requester(s)',
    topic: '{{severity}} · {{status}} · {{number}} · commander: {{commander}} · next update {{due}}',
    purpose: 'Major incident {{number}}: {{title}}',
    invited:
      '🚨 You are *{{role}}* of the major incident *{{number}}* ({{severity}}): {{title}}\nYour duties:\n{{duties}}\nRoom: {{room}}',
    joined: '👋 Joined the crisis: {{people}}.',
    declared_stakeholders: '🚨 Major incident *{{number}}* declared ({{severity}}): {{title}}. Next update by {{due}}.',
    role_set: '👤 {{person}} is now {{role}} of {{number}}.',
    member_added: '👤 {{person}} joined {{number}}.',
    follower_added:
      '👤 {{person}} joined {{number}} as a follower (not a service-desk agent: reads the room, cannot post updates, change the status or close).',
    already_member: '{{person}} is already a member of {{number}}.',
    action_added: '📌 Action #{{n}}: {{text}} — owner: {{owner}}, due: {{due}}',
    action_done: '✅ Action #{{n}} done by {{person}}: {{text}}',
    update_room: '📣 *Update #{{n}}* on {{number}} ({{status}}) by {{author}}:\n> {{text}}\nNext update due {{due}}.',
    update_stakeholders:
      '📣 *{{number}} — {{title}}* ({{severity}}, {{status}}) · update #{{n}}, {{at}}:\n> {{text}}\nNext update by {{due}}.',
    update_requester:
      'Update on the major incident affecting your ticket {{tickets}} ({{title}}), {{at}}:\n> {{text}}\nNext update by {{due}}.',
    update_reply:
      'Update #{{n}} posted: stakeholders informed, {{requesters}} requester(s) notified. Next update due {{due}}.',
    no_next_update: 'none (resolved)',
    status_changed: '🔄 {{number}} is now *{{status}}* ({{person}}).',
    status_stakeholders: '🔄 *{{number}} — {{title}}* is now *{{status}}*.',
    linked: '🔗 {{ticket}} ({{title}}, reported by {{requester}}) is linked to {{number}}.',
    reminder:
      '⏰ The next update on *{{number}}* ({{title}}) is due now ({{due}}). As communications lead, please post `crisis update <text>` in the room.',
    reminder_room: '⏰ An update on {{number}} is due now ({{due}}): {{person}}, please post `crisis update <text>`.',
    escalation:
      '🚨 The update on *{{number}}* ({{title}}) due {{due}} was missed. As incident commander, please make sure stakeholders hear from us now.',
    escalation_room: '🚨 The update due {{due}} was missed; {{person}} (commander) has been alerted.',
    ticket_resolution: 'Resolved with major incident {{number}} ({{title}}): {{resolution}}',
    default_resolution: 'service restored',
    closed_reply:
      '🏁 {{number}} closed: {{resolved}} linked ticket(s) resolved, post-incident report stored{{posted}}{{archived}}.',
    closed_posted: ' and posted in the room',
    closed_archived: ', room archived',
    closed_stakeholders: '🏁 *{{number}} — {{title}}* is closed. Resolution: {{resolution}}',
    open_actions:
      '⚠️ Actions of {{number}} still open at the close ({{count}}); the report lists them as open:\n{{actions}}',
    open_action_line: '• #{{n}} {{text}} — owner: {{owner}}, due: {{due}}',
    archived_notice: '🗄️ {{number}} is closed: this room is archived and read-only from now on.',
    step_failed:
      '⚠️ {{step}} failed ({{error}}). The crisis is recorded; `crisis retry {{number}}` tries the missing steps again.',
    room_failed:
      '⚠️ The crisis is recorded, but its room could not be created ({{error}}). Use `crisis retry {{number}}`, and meanwhile add `{{number}}` after the verb (`crisis update {{number}} …`).',
    retried_ok: 'Retried the pending steps of {{number}}: everything is in place now.',
    retried_partial: 'Retried the pending steps of {{number}}; some still fail:',
    nothing_to_retry: 'Nothing to retry on {{number}}: every step is done.',
    steps: {
      create: 'Creating the room',
      invite: 'Inviting the members',
      topic: 'Setting the topic',
      brief: 'Posting the brief',
      pin: 'Pinning the brief',
      post: 'Posting in the room',
      report: 'Posting the report',
      archive: 'Archiving the room',
      tickets: 'Resolving the linked tickets',
    },
    errors: {
      not_found: 'Crisis {{number}} does not exist.',
      invalid_number: '“{{number}}” is not a crisis number (expected something like CRI-000007).',
      no_crisis_here:
        'This is not a crisis room: run the command in the crisis room, or add the crisis number (`crisis {{verb}} CRI-000007 …`).',
      not_member:
        'Only members of {{number}} can run crisis commands for it. Ask its commander to add you (`crisis invite <user>`).',
      closed: '{{number}} is closed: it can no longer change.',
      same_status: '{{number}} is already {{status}}.',
      unknown_role: '“{{role}}” is not a crisis role here (roles: {{roles}}).',
      action_not_found: '{{number}} has no action #{{n}}.',
      action_already_done: 'Action #{{n}} of {{number}} is already done.',
      already_declared: 'Ticket {{ticket}} is already handled by major incident {{number}}.',
      declaring: 'A major incident is already being declared for {{ticket}}.',
      closing: '{{number}} is already being closed.',
      already_linked: '{{ticket}} is already linked to {{number}}.',
      unknown_subcommand: 'Unknown crisis command “{{verb}}”.',
      agents_only:
        'Only the service-desk agents of {{number}} can use `crisis {{verb}}`. As a follower you read the room and mark your own actions done (`crisis done <n>`).',
      not_action_owner:
        'Action #{{n}} of {{number}} belongs to {{owner}}: only its owner or a service-desk agent of the cell can mark it done.',
      unowned_action:
        'Action #{{n}} of {{number}} has no owner: only a service-desk agent of the cell can mark it done.',
      role_needs_agent:
        '{{person}} is not a service-desk agent: crisis roles are held by agents. To let them follow {{number}}, use `crisis invite <user>`.',
      unknown_status: '“{{status}}” is not a crisis status (statuses: {{statuses}}).',
      status_missing: 'Which status? `crisis status <status>` with one of: {{statuses}}.',
      action_many_owners:
        'An action has one owner, and I see {{owners}}. Keep one `@user` (or add one action per owner).',
      action_bad_due:
        'I cannot read the due time “{{due}}” (or it is already past). Put it at the end: `30m`, `2h`, `in 2h`, `14:30`, `tomorrow 10:00`, or an ISO date such as `2026-03-02T14:30`; the owner goes anywhere as `@user`.',
    },
    timeline: {
      declared: 'Declared ({{severity}}): {{title}}',
      role: '{{person}} is {{role}}',
      member: '{{person}} joined',
      action: 'Action #{{n}} ({{owner}}): {{text}}',
      action_done: 'Action #{{n}} done: {{text}}',
      update: 'Update #{{n}}: {{text}}',
      status: 'Status {{from}} → {{to}}',
      link: 'Ticket {{ticket}} linked ({{title}})',
      reminder: 'Update due {{due}}: {{person}} reminded',
      escalation: 'Update due {{due}} missed: {{person}} alerted',
      room: '{{step}}: done{{notes}}',
      room_failed: '{{step}}: failed ({{error}})',
      ticket: 'Ticket {{ticket}}: {{outcome}}',
      closed: 'Closed: {{text}}',
      notes: ' (retried: {{notes}})',
    },
    outcome: {
      resolved: 'resolved',
      unchanged: 'left as it was ({{status}})',
      failed: 'could not be resolved ({{error}})',
      pending: 'open',
    },
    report: {
      title: '# Post-incident report — {{number}}: {{title}}',
      summary: '## Summary',
      severity: '- **Severity:** {{severity}} ({{impact}})',
      declared: '- **Declared:** {{at}} by {{person}}',
      identified: '- **Identified:** {{at}}',
      resolved: '- **Resolved:** {{at}}',
      closed: '- **Closed:** {{at}}',
      resolution: '- **Resolution:** {{text}}',
      impact: '## Impact',
      impact_line: '- {{tickets}} linked ticket(s) from {{requesters}} requester(s); first reported {{at}}.',
      impact_none: '- No ticket was linked to this crisis.',
      updates_line: '- {{count}} update(s) sent to stakeholders and affected requesters.',
      durations: '## Durations',
      duration_header: '| Measure | Duration |\n|---|---|',
      to_declare: '| Time to declare (first report → declaration) | {{value}} |',
      to_identify: '| Time to identify (declaration → identified) | {{value}} |',
      to_resolve: '| Time to resolve (declaration → resolved) | {{value}} |',
      total: '| Total (declaration → closed) | {{value}} |',
      roles: '## Roles',
      actions: '## Actions',
      action_header: '| # | Action | Owner | Due | Status |\n|---|---|---|---|---|',
      action_done: 'done {{at}} ({{person}})',
      action_open: 'open',
      no_actions: 'No action was recorded.',
      updates: '## Updates',
      update_line: '{{n}}. {{at}} — {{author}} ({{status}}): {{text}}',
      no_updates: 'No update was sent.',
      timeline: '## Timeline',
      timeline_line: '- {{at}} — {{author}}: {{text}}',
      tickets: '## Linked tickets',
      ticket_header: '| Ticket | Title | Requester | Outcome |\n|---|---|---|---|',
      no_tickets: 'No linked ticket.',
      members: '## Participants',
      room: '- **Room:** {{room}}',
    },
    duration: { minutes: '{{m}} min', hours: '{{h}} h {{m}} min', days: '{{d}} d {{h}} h', unknown: 'n/a' },
  },
  fr: {
    usage:
      'Commandes de crise : `crise declarer <titre> [sev1|sev2]`, et dans le salon de crise (ou suivies du numéro de crise) : `crise role <rôle> <utilisateur>` (commandant, communication, scribe, technique), `crise inviter <utilisateur>`, `crise action <texte> [@responsable] [échéance]` (échéance : `30m`, `dans 2h`, `14h30`, `demain 10h`), `crise fait <n>`, `crise point <texte>`, `crise statut investigation|identifiée|surveillance|résolue`, `crise lier <ticket>`, `crise clore [résolution]`, `crise reprendre`. Les rôles sont tenus par des techniciens du support ; les personnes invitées qui n’en sont pas suivent la crise.',
    severity: { sev1: 'SEV1', sev2: 'SEV2' },
    severity_impact: {
      sev1: 'critique — un service essentiel est arrêté ou inutilisable pour beaucoup de personnes',
      sev2: 'majeur — un service est fortement dégradé pour un large groupe de personnes',
    },
    status: {
      investigating: 'en investigation',
      identified: 'cause identifiée',
      monitoring: 'sous surveillance',
      resolved: 'résolue',
      closed: 'close',
    },
    role: {
      commander: 'commandant de l’incident',
      communications: 'responsable communication',
      scribe: 'scribe',
      technical: 'responsable technique',
      participant: 'participant',
      follower: 'observateur',
    },
    role_word: { commander: 'commandant', communications: 'communication', scribe: 'scribe', technical: 'technique' },
    status_words: 'investigation, identifiée, surveillance, résolue',
    duty: {
      commander:
        'vous dirigez la réponse : fixez les priorités, attribuez rôles et actions, décidez, et clôturez la crise une fois le service rétabli.',
      communications:
        'vous tenez informés les parties prenantes et les utilisateurs touchés : publiez `crisis update <texte>` au moins toutes les {{interval}} ; je vous préviens quand un point est attendu.',
      scribe:
        'vous tenez le registre : consignez actions et décisions dans le salon (`crisis action`, `crisis done`) pour que le rapport post-incident soit complet.',
      technical:
        'vous dirigez le diagnostic et le rétablissement : coordonnez le travail technique et portez les actions techniques.',
      participant: 'vous aidez à résoudre l’incident : suivez le salon et réalisez les actions qui vous sont confiées.',
      follower:
        'vous suivez l’incident : lisez le salon, et marquez comme réalisées les actions qui vous sont confiées (`crise fait <n>`). Les points, les changements de statut et la clôture sont publiés par les techniciens du support de la cellule.',
    },
    none: 'aucune',
    nobody: 'non attribué',
    room_none: 'pas de salon (indiquez le numéro de crise dans les commandes)',
    interval: '{{minutes}} min',
    declared_reply:
      '🚨 *{{number}}* déclarée ({{severity}}) : {{title}}\nSalon : {{room}}\n{{roles}}\nProchain point attendu {{due}}.',
    role_line: '• {{role}} : {{person}}',
    brief:
      '🚨 *Incident majeur {{number}}* — {{severity}}\n*Quoi :* {{title}}\n*Impact :* {{impact}}\n*Statut :* {{status}} · déclaré par {{declarer}}, {{declaredAt}}\n*Rôles :*\n{{roles}}\n*Prochain point :* {{due}}\nDans ce salon : `crisis action <texte> [@responsable] [échéance]`, `crisis done <n>`, `crisis update <texte>`, `crisis status <statut>`, `crisis link <ticket>`, `crisis close`.',
    impact: '{{severity}} ; {{tickets}} ticket(s) lié(s), {{requesters}} demandeur(s)',
    topic: '{{severity}} · {{status}} · {{number}} · commandant : {{commander}} · prochain point {{due}}',
    purpose: 'Incident majeur {{number}} : {{title}}',
    invited:
      '🚨 Vous êtes *{{role}}* de l’incident majeur *{{number}}* ({{severity}}) : {{title}}\nVotre rôle :\n{{duties}}\nSalon : {{room}}',
    joined: '👋 Rejoignent la crise : {{people}}.',
    declared_stakeholders:
      '🚨 Incident majeur *{{number}}* déclaré ({{severity}}) : {{title}}. Prochain point avant {{due}}.',
    role_set: '👤 {{person}} est maintenant {{role}} de {{number}}.',
    member_added: '👤 {{person}} rejoint {{number}}.',
    follower_added:
      '👤 {{person}} rejoint {{number}} en observateur (pas technicien du support : lit le salon, ne peut ni publier de point, ni changer le statut, ni clore).',
    already_member: '{{person}} est déjà membre de {{number}}.',
    action_added: '📌 Action n°{{n}} : {{text}} — responsable : {{owner}}, échéance : {{due}}',
    action_done: '✅ Action n°{{n}} réalisée par {{person}} : {{text}}',
    update_room:
      '📣 *Point n°{{n}}* sur {{number}} ({{status}}) par {{author}} :\n> {{text}}\nProchain point attendu {{due}}.',
    update_stakeholders:
      '📣 *{{number}} — {{title}}* ({{severity}}, {{status}}) · point n°{{n}}, {{at}} :\n> {{text}}\nProchain point avant {{due}}.',
    update_requester:
      'Point sur l’incident majeur qui touche votre ticket {{tickets}} ({{title}}), {{at}} :\n> {{text}}\nProchain point avant {{due}}.',
    update_reply:
      'Point n°{{n}} publié : parties prenantes informées, {{requesters}} demandeur(s) prévenu(s). Prochain point attendu {{due}}.',
    no_next_update: 'aucun (résolue)',
    status_changed: '🔄 {{number}} est maintenant *{{status}}* ({{person}}).',
    status_stakeholders: '🔄 *{{number}} — {{title}}* est maintenant *{{status}}*.',
    linked: '🔗 {{ticket}} ({{title}}, signalé par {{requester}}) est lié à {{number}}.',
    reminder:
      '⏰ Le prochain point sur *{{number}}* ({{title}}) est attendu maintenant ({{due}}). En tant que responsable communication, publiez `crisis update <texte>` dans le salon.',
    reminder_room:
      '⏰ Un point sur {{number}} est attendu maintenant ({{due}}) : {{person}}, merci de publier `crisis update <texte>`.',
    escalation:
      '🚨 Le point sur *{{number}}* ({{title}}) attendu {{due}} n’a pas été publié. En tant que commandant, assurez-vous que les parties prenantes soient informées maintenant.',
    escalation_room: '🚨 Le point attendu {{due}} n’a pas été publié ; {{person}} (commandant) a été alerté.',
    ticket_resolution: 'Résolu avec l’incident majeur {{number}} ({{title}}) : {{resolution}}',
    default_resolution: 'service rétabli',
    closed_reply:
      '🏁 {{number}} close : {{resolved}} ticket(s) lié(s) résolu(s), rapport post-incident enregistré{{posted}}{{archived}}.',
    closed_posted: ' et publié dans le salon',
    closed_archived: ', salon archivé',
    closed_stakeholders: '🏁 *{{number}} — {{title}}* est close. Résolution : {{resolution}}',
    open_actions:
      '⚠️ Actions de {{number}} encore ouvertes à la clôture ({{count}}) ; le rapport les indique comme ouvertes :\n{{actions}}',
    open_action_line: '• n°{{n}} {{text}} — responsable : {{owner}}, échéance : {{due}}',
    archived_notice: '🗄️ {{number}} est close : ce salon est archivé et en lecture seule désormais.',
    step_failed:
      '⚠️ {{step}} a échoué ({{error}}). La crise est enregistrée ; `crisis retry {{number}}` retente les étapes manquantes.',
    room_failed:
      '⚠️ La crise est enregistrée, mais son salon n’a pas pu être créé ({{error}}). Utilisez `crisis retry {{number}}`, et en attendant ajoutez `{{number}}` après la commande (`crisis update {{number}} …`).',
    retried_ok: 'Étapes en attente de {{number}} retentées : tout est en place désormais.',
    retried_partial: 'Étapes en attente de {{number}} retentées ; certaines échouent encore :',
    nothing_to_retry: 'Rien à retenter sur {{number}} : toutes les étapes sont faites.',
    steps: {
      create: 'La création du salon',
      invite: 'L’invitation des membres',
      topic: 'La définition du sujet',
      brief: 'La publication du brief',
      pin: 'L’épinglage du brief',
      post: 'La publication dans le salon',
      report: 'La publication du rapport',
      archive: 'L’archivage du salon',
      tickets: 'La résolution des tickets liés',
    },
    errors: {
      not_found: 'La crise {{number}} n’existe pas.',
      invalid_number: '« {{number}} » n’est pas un numéro de crise (attendu : CRI-000007 par exemple).',
      no_crisis_here:
        'Ce salon n’est pas un salon de crise : lancez la commande dans le salon de crise, ou ajoutez le numéro de crise (`crisis {{verb}} CRI-000007 …`).',
      not_member:
        'Seuls les membres de {{number}} peuvent lancer ses commandes de crise. Demandez à son commandant de vous ajouter (`crisis invite <utilisateur>`).',
      closed: '{{number}} est close : elle ne peut plus changer.',
      same_status: '{{number}} est déjà {{status}}.',
      unknown_role: '« {{role}} » n’est pas un rôle de crise ici (rôles : {{roles}}).',
      action_not_found: '{{number}} n’a pas d’action n°{{n}}.',
      action_already_done: 'L’action n°{{n}} de {{number}} est déjà réalisée.',
      already_declared: 'Le ticket {{ticket}} est déjà traité par l’incident majeur {{number}}.',
      declaring: 'Un incident majeur est déjà en cours de déclaration pour {{ticket}}.',
      closing: '{{number}} est déjà en cours de clôture.',
      already_linked: '{{ticket}} est déjà lié à {{number}}.',
      unknown_subcommand: 'Commande de crise inconnue « {{verb}} ».',
      agents_only:
        'Seuls les techniciens du support de {{number}} peuvent utiliser `crisis {{verb}}`. En tant qu’observateur, vous lisez le salon et marquez vos propres actions comme réalisées (`crise fait <n>`).',
      not_action_owner:
        'L’action n°{{n}} de {{number}} est confiée à {{owner}} : seuls son responsable ou un technicien du support de la cellule peuvent la marquer réalisée.',
      unowned_action:
        'L’action n°{{n}} de {{number}} n’a pas de responsable : seul un technicien du support de la cellule peut la marquer réalisée.',
      role_needs_agent:
        '{{person}} n’est pas technicien du support : les rôles de crise sont tenus par des techniciens. Pour lui faire suivre {{number}}, utilisez `crise inviter <utilisateur>`.',
      unknown_status: '« {{status}} » n’est pas un statut de crise (statuts : {{statuses}}).',
      status_missing: 'Quel statut ? `crise statut <statut>` avec l’un de : {{statuses}}.',
      action_many_owners:
        'Une action a un seul responsable, et je vois {{owners}}. Gardez un seul `@utilisateur` (ou créez une action par responsable).',
      action_bad_due:
        'Je ne comprends pas l’échéance « {{due}} » (ou elle est déjà passée). Indiquez-la à la fin : `30m`, `2h`, `dans 2h`, `14h30`, `demain 10h`, ou une date ISO comme `2026-03-02T14:30` ; le responsable s’indique n’importe où avec `@utilisateur`.',
    },
    timeline: {
      declared: 'Déclarée ({{severity}}) : {{title}}',
      role: '{{person}} est {{role}}',
      member: '{{person}} rejoint la crise',
      action: 'Action n°{{n}} ({{owner}}) : {{text}}',
      action_done: 'Action n°{{n}} réalisée : {{text}}',
      update: 'Point n°{{n}} : {{text}}',
      status: 'Statut {{from}} → {{to}}',
      link: 'Ticket {{ticket}} lié ({{title}})',
      reminder: 'Point attendu {{due}} : {{person}} relancé',
      escalation: 'Point attendu {{due}} manqué : {{person}} alerté',
      room: '{{step}} : fait{{notes}}',
      room_failed: '{{step}} : échec ({{error}})',
      ticket: 'Ticket {{ticket}} : {{outcome}}',
      closed: 'Close : {{text}}',
      notes: ' (retenté : {{notes}})',
    },
    outcome: {
      resolved: 'résolu',
      unchanged: 'laissé tel quel ({{status}})',
      failed: 'n’a pas pu être résolu ({{error}})',
      pending: 'ouvert',
    },
    report: {
      title: '# Rapport post-incident — {{number}} : {{title}}',
      summary: '## Résumé',
      severity: '- **Gravité :** {{severity}} ({{impact}})',
      declared: '- **Déclarée :** {{at}} par {{person}}',
      identified: '- **Cause identifiée :** {{at}}',
      resolved: '- **Résolue :** {{at}}',
      closed: '- **Close :** {{at}}',
      resolution: '- **Résolution :** {{text}}',
      impact: '## Impact',
      impact_line: '- {{tickets}} ticket(s) lié(s) de {{requesters}} demandeur(s) ; premier signalement {{at}}.',
      impact_none: '- Aucun ticket n’a été lié à cette crise.',
      updates_line: '- {{count}} point(s) envoyé(s) aux parties prenantes et aux demandeurs touchés.',
      durations: '## Durées',
      duration_header: '| Mesure | Durée |\n|---|---|',
      to_declare: '| Délai de déclaration (premier signalement → déclaration) | {{value}} |',
      to_identify: '| Délai d’identification (déclaration → cause identifiée) | {{value}} |',
      to_resolve: '| Délai de résolution (déclaration → résolue) | {{value}} |',
      total: '| Durée totale (déclaration → close) | {{value}} |',
      roles: '## Rôles',
      actions: '## Actions',
      action_header: '| N° | Action | Responsable | Échéance | État |\n|---|---|---|---|---|',
      action_done: 'réalisée {{at}} ({{person}})',
      action_open: 'ouverte',
      no_actions: 'Aucune action n’a été enregistrée.',
      updates: '## Points de situation',
      update_line: '{{n}}. {{at}} — {{author}} ({{status}}) : {{text}}',
      no_updates: 'Aucun point n’a été envoyé.',
      timeline: '## Chronologie',
      timeline_line: '- {{at}} — {{author}} : {{text}}',
      tickets: '## Tickets liés',
      ticket_header: '| Ticket | Titre | Demandeur | Issue |\n|---|---|---|---|',
      no_tickets: 'Aucun ticket lié.',
      members: '## Participants',
      room: '- **Salon :** {{room}}',
    },
    duration: { minutes: '{{m}} min', hours: '{{h}} h {{m}} min', days: '{{d}} j {{h}} h', unknown: 'n/d' },
  },
});
