import { DateTime } from 'luxon';
import nock from 'nock';
import type { Policy } from '../../../src/config';
import type { Actor } from '../../../src/core/people';
import type { TestHelpdesk } from '../../support/helpdesk';

export function paris(local: string): Date {
  return DateTime.fromISO(local, { zone: 'Europe/Paris' }).toJSDate();
}

/**
 * The shipped policy with its four agents on another platform (same names, roles, teams and
 * languages) and the on-call rotation pointing at them: Sam on L1 this week, Lucas L2, Marie L3.
 */
export function agentsOn(
  platform: 'slack' | 'teams',
  ids: Record<'sam' | 'agnes' | 'lucas' | 'marie', string>,
  extra: (p: Policy) => Policy = (p) => p,
) {
  return (policy: Policy): Policy => {
    const agents = policy.agents.map((a) => ({ ...a, platform, id: ids[a.id as keyof typeof ids] }));
    const key = (id: string) => `${platform}:${ids[id.replace('console:', '') as keyof typeof ids]}`;
    const oncall = policy.oncall.map((r) => ({ ...r, members: r.members.map(key) }));
    return extra({ ...policy, agents, oncall });
  };
}

export interface RecordedCall {
  method: string;
  args: Record<string, string>;
  authorization?: string;
}

type Reply = { status?: number; body: Record<string, unknown>; headers?: Record<string, string> };

/**
 * Slack's Web API at the HTTP boundary (nock): records every call with its form arguments and
 * answers like Slack does; `once(method, reply)` queues a different answer for the next call.
 */
export class FakeSlack {
  readonly calls: RecordedCall[] = [];
  private readonly queued = new Map<string, Reply[]>();
  private ts = 0;

  constructor(origin = 'https://slack.test') {
    const { calls, queued } = this;
    const answer = (method: string, args: Record<string, string>) => this.answer(method, args);
    nock(origin)
      .persist()
      .post(/^\/api\/[\w.]+$/)
      .reply(function (uri, body) {
        const method = uri.replace('/api/', '');
        const args = Object.fromEntries(new URLSearchParams(typeof body === 'string' ? body : ''));
        calls.push({ method, args, authorization: String(this.req.headers.authorization ?? '') });
        const reply = queued.get(method)?.shift() ?? { body: answer(method, args) };
        return [reply.status ?? 200, reply.body, { 'content-type': 'application/json', ...(reply.headers ?? {}) }];
      });
  }

  once(method: string, ...replies: Reply[]): void {
    this.queued.set(method, [...(this.queued.get(method) ?? []), ...replies]);
  }

  /** Calls about one channel (and channel creations), in order. */
  about(channel: string): [string, Record<string, string>][] {
    return this.calls
      .filter((c) => c.method === 'conversations.create' || c.args.channel === channel)
      .map((c) => [c.method, c.args]);
  }

  private answer(method: string, args: Record<string, string>): Record<string, unknown> {
    switch (method) {
      case 'conversations.create':
        return { ok: true, channel: { id: 'C0CRISIS', name: args.name, is_channel: true } };
      case 'conversations.open':
        return { ok: true, channel: { id: `D${args.users}` } };
      case 'chat.postMessage':
        return { ok: true, channel: args.channel, ts: `1772442000.${String(++this.ts).padStart(6, '0')}` };
      default:
        return { ok: true };
    }
  }
}

/** What a Slack listener does with a message or slash command: the assistant's answers. */
export async function slackSays(h: TestHelpdesk, actor: Actor, text: string, channel: string): Promise<string[]> {
  const replies = await h.helpdesk.assistant.handleMessage({
    actor,
    text,
    place: channel === 'C0AGENTS' ? 'agents' : 'direct',
    room: channel,
  });
  return replies.map((r) => r.text);
}
