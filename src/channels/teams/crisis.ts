import type { Connection } from 'mongoose';
import { z } from 'zod';
import type { Env } from '../../config';
import type { Clock } from '../../core/clock';
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
import { translator, type Locale } from '../../i18n';
import {
  AppCredentials,
  BOT_FRAMEWORK_SCOPE,
  botTokenUrl,
  callMicrosoft,
  GRAPH_SCOPE,
  GraphClient,
  graphTokenUrl,
  MicrosoftApiError,
} from './graph';
import { ConversationReferences } from './references';
import { toActivity } from './render/cards';

/** The public Teams endpoint of the Bot Framework, used until the bot has heard from the team (which gives its regional one). */
export const DEFAULT_SERVICE_URL = 'https://smba.trafficmanager.net/teams/';
const DESCRIPTION_MAX = 1024;

const channelCreated = z.object({ id: z.string().min(1), displayName: z.string(), webUrl: z.string().optional() });
const conversationCreated = z.object({ id: z.string().optional(), activityId: z.string().optional() });

export interface ConnectorEndpoint {
  serviceUrl: string;
  tenantId?: string;
}

export interface TeamsCrisisDeps {
  graph: GraphClient;
  /** App credentials for the Bot Framework connector (scope `api.botframework.com`). */
  connector: AppCredentials;
  appId: string;
  teamId: string;
  tenantId: string;
  /** The desk's language, for the labels Teams renders around a message. */
  locale: Locale;
  /** Where the connector of a channel is (service URL and tenant). */
  endpoint(channelId: string): Promise<ConnectorEndpoint>;
}

/** Crisis rooms in Teams need the team, the app's credentials and its tenant (Graph is app-only). */
export function teamsCrisisConfigured(env: Env): boolean {
  return Boolean(
    env.TEAMS_TEAM_ID && env.MICROSOFT_APP_ID && env.MICROSOFT_APP_PASSWORD && env.MICROSOFT_APP_TENANT_ID,
  );
}

/**
 * Crisis channels in Teams. The channel is created with Microsoft Graph (`POST
 * /teams/{team}/channels`, app permission Channel.Create) and archived with it at close
 * (ChannelSettings.ReadWrite.All). Messages go through the Bot Framework connector (`POST
 * {serviceUrl}/v3/conversations` with the channel id): Graph lets an application post channel
 * messages only for data migration, while the connector posts as the bot, and members' replies in
 * the channel come back to the bot like any channel message. Teams has no pin an app can set: the
 * brief is the channel's first post. Members of a standard channel are the team's members, so
 * "inviting" @mentions them, which notifies them.
 */
export class TeamsCrisisRooms implements CrisisRoomProvider {
  readonly platform = 'teams' as const;
  // The Teams channel answers a message in the conversation where it was written.
  readonly echoesReplies = true;

  constructor(private readonly deps: TeamsCrisisDeps) {}

  static fromEnv(env: Env, options: { connection: Connection; clock: Clock; locale: Locale }): TeamsCrisisRooms {
    if (!teamsCrisisConfigured(env))
      throw new Error(
        'Teams crisis rooms need TEAMS_TEAM_ID, MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD and MICROSOFT_APP_TENANT_ID',
      );
    const appId = env.MICROSOFT_APP_ID!;
    const tenantId = env.MICROSOFT_APP_TENANT_ID!;
    const secret = { clientId: appId, clientSecret: env.MICROSOFT_APP_PASSWORD! };
    const references = new ConversationReferences({ connection: options.connection, clock: options.clock });
    return new TeamsCrisisRooms({
      graph: new GraphClient(
        new AppCredentials({ ...secret, tokenUrl: graphTokenUrl(tenantId, env.GRAPH_TOKEN_URL), scope: GRAPH_SCOPE }),
        env.GRAPH_API_URL,
      ),
      connector: new AppCredentials({
        ...secret,
        tokenUrl: botTokenUrl(env.MICROSOFT_APP_TYPE, tenantId, env.GRAPH_TOKEN_URL),
        scope: BOT_FRAMEWORK_SCOPE,
      }),
      appId,
      teamId: env.TEAMS_TEAM_ID!,
      tenantId,
      locale: options.locale,
      async endpoint(channelId) {
        // Any channel the bot heard from in this tenant gives the regional service URL.
        const known = await references.forChannel(channelId);
        return {
          serviceUrl: known?.serviceUrl ?? DEFAULT_SERVICE_URL,
          tenantId: known?.conversation.tenantId ?? tenantId,
        };
      },
    });
  }

  async createRoom(spec: RoomSpec, journal: RoomJournal): Promise<RoomRef> {
    const path = `/teams/${encodeURIComponent(this.deps.teamId)}/channels`;
    const names = candidateNames(spec.name);
    for (const displayName of names) {
      try {
        const body = {
          displayName,
          description: clip(`${spec.purpose}\n${spec.topic}`, DESCRIPTION_MAX),
          membershipType: 'standard',
        };
        const channel = channelCreated.parse(await this.deps.graph.request('POST', path, body));
        return { platform: 'teams', id: channel.id, name: channel.displayName, url: channel.webUrl };
      } catch (err) {
        if (!isNameTaken(err)) throw asRoomError(err);
        if (displayName !== names.at(-1)) journal.retried(`name_taken: ${displayName}`);
      }
    }
    throw new RoomError('name_taken', `every name from ${spec.name} to its -10 variant is taken`);
  }

  async invite(room: RoomRef, people: PersonRef[]): Promise<string[]> {
    const members = people.filter((p) => p.key.startsWith('teams:'));
    if (!members.length) return [];
    const mentions = members.map((p) => ({
      type: 'mention',
      text: `<at>${p.name}</at>`,
      mentioned: { id: p.key.slice('teams:'.length), name: p.name },
    }));
    await this.send(room, {
      type: 'message',
      text: `👋 ${mentions.map((m) => m.text).join(', ')}`,
      textFormat: 'xml',
      entities: mentions,
    });
    return members.map((p) => p.key);
  }

  post(room: RoomRef, message: OutboundMessage): Promise<string | undefined> {
    return this.send(room, toActivity(message, { t: translator(this.deps.locale) }));
  }

  async archive(room: RoomRef, notice: OutboundMessage): Promise<void> {
    await this.post(room, notice);
    try {
      await this.deps.graph.request(
        'POST',
        `/teams/${encodeURIComponent(this.deps.teamId)}/channels/${encodeURIComponent(room.id)}/archive`,
        {},
      );
    } catch (err) {
      throw asRoomError(err);
    }
  }

  /** A new conversation (top-level post) in the channel, through the connector; returns its activity id. */
  private async send(room: RoomRef, activity: Record<string, unknown>): Promise<string | undefined> {
    const { serviceUrl, tenantId = this.deps.tenantId } = await this.deps.endpoint(room.id);
    const body = {
      isGroup: true,
      bot: { id: `28:${this.deps.appId}` },
      tenantId,
      channelData: { channel: { id: room.id }, tenant: { id: tenantId } },
      activity,
    };
    try {
      const created = conversationCreated.parse(
        (await callMicrosoft(
          this.deps.connector,
          'POST',
          `${serviceUrl.replace(/\/+$/, '')}/v3/conversations`,
          body,
        )) ?? {},
      );
      return created.activityId ?? created.id;
    } catch (err) {
      throw asRoomError(err);
    }
  }
}

function isNameTaken(err: unknown): boolean {
  return (
    err instanceof MicrosoftApiError &&
    (err.status === 409 || err.code === 'NameAlreadyExists' || /already exist/i.test(err.message))
  );
}

function asRoomError(err: unknown): Error {
  if (err instanceof MicrosoftApiError) return new RoomError(err.code ?? `http_${err.status}`, err.message);
  return err instanceof Error ? err : new Error(String(err));
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
