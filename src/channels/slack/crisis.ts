import { ErrorCode, WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { Env, Platform } from '../../config';
import {
  candidateNames,
  RoomError,
  type CrisisRoomProvider,
  type RoomJournal,
  type RoomRef,
  type RoomSpec,
} from '../../core/crisis';
import type { OutboundMessage } from '../../core/notify';
import type { PersonRef } from '../../core/people';
import type { Logger } from '../../observability/logger';
import { retryConfigFor } from './api';
import { slackLogger } from './logging';
import { renderMessage } from './render/blocks';

/**
 * Web API methods of crisis channels and the bot scopes they need (to merge into the manifest's
 * scope list with the channel's own `API_SCOPES`).
 */
export const CRISIS_API_SCOPES = {
  'conversations.create': ['channels:manage'],
  'conversations.invite': ['channels:manage'],
  'conversations.setTopic': ['channels:manage'],
  'conversations.setPurpose': ['channels:manage'],
  'conversations.archive': ['channels:manage'],
  'chat.postMessage': ['chat:write'],
  'pins.add': ['pins:write'],
} as const satisfies Record<string, readonly string[]>;
type CrisisMethod = keyof typeof CRISIS_API_SCOPES;

/** Slack's limit for a channel topic or purpose. */
const TOPIC_MAX = 250;
/** A message of many sections stays well under Slack's 50 blocks. */
const MESSAGE_CHUNK = 10_000;

const created = z.object({ channel: z.object({ id: z.string(), name: z.string() }) });
const posted = z.object({ ts: z.string() });

export interface SlackCrisisOptions {
  /** Tries of a call Slack answered `ratelimited` (HTTP 429 + Retry-After), first one included. */
  rateLimitAttempts?: number;
  /** Longest wait honoured from a Retry-After header. */
  maxWaitMs?: number;
  wait?: (ms: number) => Promise<void>;
}

/**
 * Crisis channels in Slack: a public channel named from the date and the title (suffixed `-2`,
 * `-3`... while Slack answers `name_taken`), the members invited, topic and purpose set, the
 * brief posted and pinned, and the channel archived at close. A `ratelimited` answer is waited
 * out (Retry-After) and tried again, and the journal records it with the step.
 */
export class SlackCrisisRooms implements CrisisRoomProvider {
  readonly platform = 'slack' as const;
  // Slash-command answers are ephemeral: the channel does not see them unless posted.
  readonly echoesReplies = false;

  /** Slack readers get a channel link (the renderer expands `#slack:C…`); others the name and link. */
  cite(room: { id: string }, reader?: Platform): string | undefined {
    return reader === 'slack' ? `#slack:${room.id}` : undefined;
  }
  private readonly attempts: number;
  private readonly maxWaitMs: number;
  private readonly wait: (ms: number) => Promise<void>;

  constructor(
    private readonly client: WebClient,
    options: SlackCrisisOptions = {},
  ) {
    this.attempts = options.rateLimitAttempts ?? 4;
    this.maxWaitMs = options.maxWaitMs ?? 30_000;
    this.wait = options.wait ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /**
   * Its own Web API client (same token, base URL and retry policy as the Slack channel), set to
   * reject rate-limited calls so this provider can record each retry.
   */
  static fromEnv(env: Env, logger: Logger, options?: SlackCrisisOptions): SlackCrisisRooms {
    if (!env.SLACK_BOT_TOKEN) throw new Error('Slack crisis rooms need SLACK_BOT_TOKEN');
    const client = new WebClient(env.SLACK_BOT_TOKEN, {
      slackApiUrl: env.SLACK_API_URL,
      retryConfig: retryConfigFor(env.SLACK_API_RETRIES),
      rejectRateLimitedCalls: true,
      logger: slackLogger(logger),
      timeout: 15_000,
    });
    return new SlackCrisisRooms(client, options);
  }

  async createRoom(spec: RoomSpec, journal: RoomJournal): Promise<RoomRef> {
    const names = candidateNames(spec.name);
    for (const name of names) {
      try {
        const { channel } = created.parse(
          await this.call('conversations.create', { name, is_private: false }, journal),
        );
        return { platform: 'slack', id: channel.id, name: channel.name };
      } catch (err) {
        if (!(err instanceof RoomError) || err.code !== 'name_taken') throw err;
        if (name !== names.at(-1)) journal.retried(`name_taken: ${name}`);
      }
    }
    throw new RoomError('name_taken', `every name from ${spec.name} to its -10 variant is taken`);
  }

  async invite(room: RoomRef, people: PersonRef[], journal: RoomJournal): Promise<string[]> {
    const members = people.filter((p) => p.key.startsWith('slack:'));
    if (!members.length) return [];
    try {
      await this.call(
        'conversations.invite',
        { channel: room.id, users: members.map((p) => p.key.slice('slack:'.length)).join(',') },
        journal,
      );
    } catch (err) {
      // Someone already there (a retry after a partial success) is invited all the same.
      if (!(err instanceof RoomError) || err.code !== 'already_in_channel') throw err;
    }
    return members.map((p) => p.key);
  }

  async describe(room: RoomRef, description: { topic: string; purpose: string }, journal: RoomJournal): Promise<void> {
    await this.call('conversations.setTopic', { channel: room.id, topic: clip(description.topic, TOPIC_MAX) }, journal);
    await this.call(
      'conversations.setPurpose',
      { channel: room.id, purpose: clip(description.purpose, TOPIC_MAX) },
      journal,
    );
  }

  /** Long texts (the report) go out as several messages; the first one's ts is the message id. */
  async post(room: RoomRef, message: OutboundMessage, journal: RoomJournal): Promise<string | undefined> {
    let first: string | undefined;
    for (const text of chunks(fromMarkdown(message.text), MESSAGE_CHUNK)) {
      const rendered = renderMessage({ ...message, text, actions: first ? undefined : message.actions });
      const { ts } = posted.parse(
        await this.call(
          'chat.postMessage',
          { channel: room.id, text: rendered.text, blocks: rendered.blocks, unfurl_links: false },
          journal,
        ),
      );
      first ??= ts;
    }
    return first;
  }

  async pin(room: RoomRef, messageId: string, journal: RoomJournal): Promise<void> {
    try {
      await this.call('pins.add', { channel: room.id, timestamp: messageId }, journal);
    } catch (err) {
      if (!(err instanceof RoomError) || err.code !== 'already_pinned') throw err;
    }
  }

  async archive(room: RoomRef, notice: OutboundMessage, journal: RoomJournal): Promise<void> {
    await this.post(room, notice, journal);
    try {
      await this.call('conversations.archive', { channel: room.id }, journal);
    } catch (err) {
      if (!(err instanceof RoomError) || err.code !== 'already_archived') throw err;
    }
  }

  /** One Web API call; `ratelimited` is waited out and retried, other refusals become a RoomError with Slack's code. */
  private async call(method: CrisisMethod, args: Record<string, unknown>, journal: RoomJournal): Promise<unknown> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.client.apiCall(method, args);
      } catch (err) {
        const e = err as {
          code?: string;
          retryAfter?: number;
          data?: { error?: string; response_metadata?: { retryAfter?: number } };
        };
        const limited = e.code === ErrorCode.RateLimitedError || e.data?.error === 'ratelimited';
        if (limited && attempt < this.attempts) {
          journal.retried('ratelimited');
          const seconds = e.retryAfter ?? e.data?.response_metadata?.retryAfter ?? 1;
          await this.wait(Math.min(this.maxWaitMs, Math.max(0, seconds * 1000)));
          continue;
        }
        if (limited) throw new RoomError('ratelimited', `${method} still rate limited after ${attempt} tries`);
        if (e.code === ErrorCode.PlatformError && e.data?.error)
          throw new RoomError(e.data.error, `${method}: ${e.data.error}`);
        throw new RoomError(e.code ?? 'request_failed', `${method}: ${(err as Error).message}`);
      }
    }
  }
}

/** The core's markdown (report headings, tables) in Slack's mrkdwn: bold headings, tables as code. */
export function fromMarkdown(text: string): string {
  const out: string[] = [];
  let table = false;
  for (const line of text.split('\n')) {
    const isRow = line.startsWith('|');
    if (isRow !== table) out.push('```');
    table = isRow;
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    out.push(heading ? `*${heading[1]}*` : isRow ? line : line.replace(/\*\*([^*]+)\*\*/g, '*$1*'));
  }
  if (table) out.push('```');
  return out.join('\n');
}

/** Cuts text into pieces of at most `max` characters on paragraph, then line boundaries. */
export function chunks(text: string, max: number): string[] {
  if (text.length <= max) return [text];
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = rest.lastIndexOf('\n\n', max);
    if (cut < max / 2) cut = rest.lastIndexOf('\n', max);
    if (cut < max / 2) cut = max;
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^\n+/, '');
  }
  if (rest) pieces.push(rest);
  return pieces;
}

function clip(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
