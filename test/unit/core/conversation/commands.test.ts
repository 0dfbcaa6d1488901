import { z } from 'zod';
import { CommandRegistry, parseArgs, ticketCommands } from '../../../../src/core/conversation';
import { crisisCommands } from '../../../../src/core/crisis/commands';
import { DomainError } from '../../../../src/core/errors';
import { kbCommands } from '../../../../src/core/kb/commands';
import { reportCommands } from '../../../../src/core/reports/commands';
import { slaCommands } from '../../../../src/core/sla/commands';

// The real verbs of every domain; matching never runs them, so their services are not needed.
function registry(): CommandRegistry {
  const none = {} as never;
  const commands = new CommandRegistry();
  commands.add(...ticketCommands({ tickets: none, presenter: none, crises: none }));
  commands.add(...kbCommands({ kb: none, tickets: none }));
  commands.add(...reportCommands({ reports: none, access: none, notifier: none, clock: none, baseUrl: '' }));
  commands.add(...slaCommands({ flows: none, presenter: none, clock: none }));
  commands.add(...crisisCommands({ cell: none, policy: none, clock: none }));
  return commands;
}

describe('which texts are commands', () => {
  const commands = registry();
  const employee = (text: string) => commands.match(text, { agent: false });
  const agent = (text: string) => commands.match(text, { agent: true });

  it.each([
    'help me reset my password',
    'aide moi, mon mot de passe est bloqué',
    'report a phishing email',
    'file server is down',
    "file d'impression bloquée sur l'imprimante du 2e",
    'note de frais : l’appli plante',
    'rapport Power BI vide depuis ce matin',
    'prendre la main à distance ne fonctionne pas',
    'link to the intranet is broken',
    'queue in the print spooler is stuck',
    'wait screen never ends after login',
    'priority access to the VPN',
    'extend my account expiry date please',
    'on call phone forwarding is broken',
    'status page of vpn shows red',
    'status light is off',
    'annuler une réunion Outlook ne marche plus',
    "tickets de caisse ne s'impriment plus",
    'mes tickets de train ne sont pas remboursés',
    'crisis at the front desk, the badge printer is on fire',
    'kb articles cannot be opened',
  ])('an employee writing “%s” describes a problem', (text) => {
    expect(employee(text)).toBeNull();
  });

  it.each([
    ['help', 'help'],
    ['aide !', 'aide'],
    ['?', '?'],
    ['my tickets', 'my tickets'],
    ['mes tickets ?', 'mes tickets'],
    ['status INC-000003', 'status'],
    ['statut inc-3?', 'statut'],
    ['status', 'status'],
    ['statut FOO-12', 'statut'],
    ['cancel INC-000003 please', 'cancel'],
    ['rouvrir INC-2 le problème est revenu', 'rouvrir'],
    ['crisis declare Payroll is down sev1', 'crisis'],
  ])('an employee writing “%s” runs `%s`', (text, verb) => {
    expect(employee(text)?.verb).toBe(verb);
  });

  it.each([
    ['claim INC-000001', 'claim'],
    ['resolve INC-000001 fixed it myself', 'resolve'],
    ['extend INC-000001 2h please', 'extend'],
    ['kb retire fr-admin-rights', 'kb'],
    ['kb search printer paper jam', 'kb'],
    ['report', 'report'],
    ['report week', 'report'],
    ['dashboard', 'dashboard'],
    ['oncall', 'oncall'],
    ['queue unassigned', 'queue'],
    ['file', 'file'],
  ])('an employee writing the agent command “%s” is matched, to be refused', (text, verb) => {
    const matched = employee(text);
    expect(matched?.verb).toBe(verb);
    expect(matched?.command.agentOnly).toBe(true);
  });

  it('agents keep every verb whatever follows it, so they get usage errors', () => {
    expect(agent('help me reset my password')?.verb).toBe('help');
    expect(agent('status page of vpn shows red')?.verb).toBe('status');
    expect(agent('file server is down')?.verb).toBe('file');
    expect(agent('note INC-000001 checked the spooler')?.args).toBe('INC-000001 checked the spooler');
  });
});

describe('argument errors', () => {
  const ticketId = z.string().regex(/^(INC|REQ|PRB)-?\d{1,9}$/i, 'expected a ticket number such as INC-000042');
  const fail = (schema: z.ZodTypeAny, value: unknown): DomainError => {
    try {
      parseArgs(schema, value, 'status <id>');
    } catch (err) {
      return err as DomainError;
    }
    throw new Error('parsed');
  };

  it('carry a catalogue key and the usage, never zod’s own wording', () => {
    expect(fail(z.tuple([ticketId]), []).params).toEqual({
      detailsKey: 'errors.arguments.missing',
      usage: 'status <id>',
    });
    expect(fail(z.tuple([ticketId]), ['INC-1', 'please']).params).toMatchObject({
      detailsKey: 'errors.arguments.extra',
    });
    expect(fail(z.tuple([ticketId]), ['FOO-12']).params).toMatchObject({
      detailsKey: 'errors.arguments.ticket_number',
      value: 'FOO-12',
    });
    expect(fail(z.tuple([ticketId, z.enum(['P1', 'P2'])]), ['INC-1', 'P9']).params).toMatchObject({
      detailsKey: 'errors.arguments.choice',
      value: 'P9',
      choices: 'P1, P2',
    });
    // A domain's own message stays.
    expect(fail(z.string().min(3, 'at least 3 characters'), 'ab').params).toMatchObject({
      details: 'at least 3 characters',
    });
  });

  it('a word argument may end a sentence', () => {
    expect(parseArgs(z.tuple([ticketId]), ['INC-000003?'], 'status <id>')).toEqual(['INC-000003']);
    expect(parseArgs(ticketId, 'INC-3.', 'status <id>')).toBe('INC-3');
    expect(parseArgs(z.tuple([ticketId, z.string()]), ['INC-3,', 'it is back.'], 'x')).toEqual([
      'INC-3',
      'it is back.',
    ]);
  });
});
