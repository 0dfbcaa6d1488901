/** English catalogue. Every key must exist in fr.ts too (test/unit/i18n checks it). */
export const en = {
  common: {
    none: 'none',
    unassigned: 'unassigned',
    yes: 'Yes',
    no: 'No',
    priority: { P1: 'P1 – critical', P2: 'P2 – high', P3: 'P3 – moderate', P4: 'P4 – low' },
    level: { high: 'High', medium: 'Medium', low: 'Low' },
    type: { incident: 'incident', request: 'service request', problem: 'problem' },
    status: {
      new: 'new',
      assigned: 'assigned',
      waiting_user: 'waiting on you',
      resolved: 'resolved',
      closed: 'closed',
      cancelled: 'cancelled',
    },
  },
  intake: {
    ask_impact:
      'I could not find an answer in the knowledge base, so I will open a ticket for you. How many people are affected?',
    ask_urgency: 'How urgent is it for you?',
    impact: { high: 'Many people / a whole site', medium: 'My team', low: 'Just me' },
    urgency: { high: 'I am blocked', medium: 'It slows me down', low: 'It can wait' },
    skip: 'Skip',
    draft_expired: 'That request was already handled or has expired. Just write your message again.',
    too_long:
      'Your message is too long ({{length}} characters, at most {{max}}). Please shorten it or attach a file to the ticket later.',
    empty: 'Please describe your problem in a few words.',
  },
  kb: {
    suggestion: 'This article may help: *{{title}}*\n{{excerpt}}',
    solved: 'That solved it',
    need_help: 'I still need help',
    thanks: 'Glad it helped! No ticket was opened. Write to me any time.',
    search_results: 'Knowledge base results for “{{query}}”:',
    search_line: '{{rank}}. {{id}} – {{title}} (confidence {{confidence}} %; matched: {{terms}})',
    search_none: 'No article matches “{{query}}”.',
    added: 'Article {{id}} saved ({{status}}).',
    retired: 'Article {{id}} is retired and will no longer be suggested.',
    drafted: 'Draft article {{id}} created from {{number}}. Review it, then publish it with `kb publish {{id}}`.',
    published: 'Article {{id}} is published.',
    usage:
      'Usage: `kb search <text>`, `kb add <title> | <body> [| tags]`, `kb retire <id>`, `kb publish <id>`, `kb from <ticket>`',
  },
  ticket: {
    opened:
      'Ticket *{{number}}* opened ({{type}}, priority {{priority}}).\nWe will acknowledge it by {{ackBy}} and aim to resolve it by {{resolveBy}}.',
    opened_for: 'Ticket *{{number}}* opened for {{requester}} from their message.',
    card_title: '{{number}} · {{title}}',
    card_fields: 'Priority {{priority}} · Status {{status}} · Level {{level}} · Assignee {{assignee}}',
    card_sla: 'Acknowledge by {{ackBy}} · Resolve by {{resolveBy}}',
    card_requester: 'Requester: {{requester}} · via {{channel}}',
    new_for_agents: 'New {{type}} *{{number}}* from {{requester}} – {{priority}}\n> {{title}}',
    claimed: '{{agent}} is now handling your ticket *{{number}}*.',
    assigned_to: '*{{number}}* is assigned to {{agent}}.',
    escalated:
      'Your ticket *{{number}}* has been escalated to level {{level}} ({{team}}) to be handled by specialists.',
    escalated_agents: '*{{number}}* escalated to {{level}} ({{team}}) by {{agent}}: {{reason}}',
    waiting:
      '{{agent}} needs information from you on *{{number}}*:\n> {{question}}\nJust reply here; the resolution clock is paused until you answer.',
    workaround: 'A workaround is available for *{{number}}*:\n> {{text}}',
    resolved:
      'Your ticket *{{number}}* is resolved:\n> {{resolution}}\nIf the problem is still there, reply `reopen {{number}}` within {{days}} days.',
    reopened: '*{{number}}* is reopened.',
    cancelled: '*{{number}}* is cancelled.',
    closed: '*{{number}}* is closed.',
    priority_changed: 'Priority of *{{number}}* changed from {{from}} to {{to}}. New resolve target: {{resolveBy}}.',
    linked: '*{{number}}* is linked to {{target}}.',
    reply_from_agent: '{{agent}} on *{{number}}*:\n> {{text}}',
    message_from_requester: '{{requester}} on *{{number}}*:\n> {{text}}',
    note_added: 'Internal note added to *{{number}}*.',
    reply_sent: 'Reply sent to {{requester}} on *{{number}}*.',
    message_added: 'Added to *{{number}}*; the agents have been told.',
    status_line: '*{{number}}* · {{title}} · {{status}} · {{priority}} · {{assignee}}',
    status_detail:
      '*{{number}}* – {{title}}\nType: {{type}} · Priority: {{priority}} · Status: {{status}} · Level: {{level}}\nAssignee: {{assignee}} · Requester: {{requester}}\nAcknowledge by {{ackBy}} · Resolve by {{resolveBy}}',
    mine_header_one: 'You have {{count}} open ticket:',
    mine_header_other: 'You have {{count}} open tickets:',
    mine_none: 'You have no open tickets.',
    queue_header_one: '{{count}} ticket in the queue ({{filter}}):',
    queue_header_other: '{{count}} tickets in the queue ({{filter}}):',
    queue_none: 'The queue is empty ({{filter}}).',
    sla_due: 'due {{at}}',
    sla_breached: 'SLA breached',
  },
  actions: {
    claim: 'Claim',
    assign: 'Assign',
    escalate: 'Escalate',
    resolve: 'Resolve',
    reopen: 'Reopen',
    declare_crisis: 'Declare major incident',
  },
  console: {
    placeholder: 'Describe your problem or type a command…',
    send: 'Send',
    context: 'Context',
    new_request: 'New request',
  },
  help: {
    employee:
      'Tell me about your problem in plain words and I will look for an answer or open a ticket.\nYou can also write: `my tickets`, `status INC-000042`, `cancel INC-000042`, `reopen INC-000042`.',
    agent:
      'Agent commands: `queue [mine|unassigned|breaching]`, `claim <id>`, `assign <id> <user>`, `priority <id> <P1-P4>`, `escalate <id> [L2|L3] <reason>`, `reply <id> <text>`, `note <id> <text>`, `wait <id> <question>`, `workaround <id> <text>`, `resolve <id> <resolution>`, `extend <id> <duration> <reason>`, `reopen <id>`, `cancel <id>`, `link <id> <target>`, `status <id>`, `kb …`, `crisis …`, `report [period]`, `oncall`.',
  },
  errors: {
    generic:
      'Sorry, something went wrong on our side (reference {{ref}}). Your message was not lost; please try again in a moment.',
    db_unavailable:
      'The helpdesk database is unavailable right now. I have kept your message and will process it as soon as it is back.',
    db_recovered: 'The helpdesk is back. I processed the message you sent earlier:',
    forbidden_agent: 'Only service-desk agents can use `{{verb}}`.',
    unknown_command: 'I do not know the command `{{verb}}`. Write `help` to see what I can do.',
    invalid_arguments: 'Invalid command: {{details}}\nUsage: `{{usage}}`',
    invalid_input: 'Invalid input: {{details}}',
    ticket: {
      not_found: 'Ticket {{number}} does not exist.',
      invalid_number: '“{{number}}” is not a ticket number (expected something like INC-000042).',
      illegal_transition: 'Ticket {{number}} is {{from}}: it cannot become {{to}}.',
      not_requester: 'Only the requester of {{number}} or an agent can do that.',
      already_level: 'Ticket {{number}} is already at level {{level}}.',
      max_level: 'Ticket {{number}} is already at the highest support level.',
      unknown_user: 'I do not know the user “{{user}}”.',
      not_an_agent: '{{user}} is not a service-desk agent.',
      same_priority: 'Ticket {{number}} already has priority {{priority}}.',
    },
    kb: {
      not_found: 'Article {{id}} does not exist.',
      invalid: 'Invalid article: {{details}}',
    },
  },
};

export type Catalogue = typeof en;
