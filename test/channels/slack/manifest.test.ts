import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { App, ExpressReceiver } from '@slack/bolt';
import type { AppsManifestCreateArguments } from '@slack/web-api';
import YAML from 'yaml';
import { z } from 'zod';
import { API_SCOPES } from '../../../src/channels/slack/api';
import { SLACK_EVENTS_PATH } from '../../../src/channels/slack/app';
import { CRISIS_API_SCOPES } from '../../../src/channels/slack/crisis';
import {
  BOT_EVENTS,
  COMMAND_SCOPES,
  MESSAGE_SHORTCUT,
  SLASH_COMMAND,
  VIEWS,
} from '../../../src/channels/slack/capabilities';
import type { SlackContext } from '../../../src/channels/slack/context';
import { registerListeners } from '../../../src/channels/slack/listeners';

type SlackManifest = AppsManifestCreateArguments['manifest'];
// Slack's names for scopes and events, as the Web API types list them.
type BotScope = NonNullable<NonNullable<NonNullable<SlackManifest['oauth_config']>['scopes']>['bot']>[number];
type BotEvent = NonNullable<
  NonNullable<NonNullable<SlackManifest['settings']>['event_subscriptions']>['bot_events']
>[number];

const MANIFEST = path.resolve(__dirname, '../../../manifests/slack/manifest.yml');
const SOURCE = path.resolve(__dirname, '../../../src/channels/slack');

/** Slack's documented limits for the parts of a manifest we use (no npm package ships its schema). */
const requestUrl = z
  .url({ protocol: /^https$/ })
  .refine((u) => u.endsWith(SLACK_EVENTS_PATH), `must end with ${SLACK_EVENTS_PATH}`);
const manifestSchema = z.strictObject({
  _metadata: z.object({ major_version: z.number().int().min(1).max(2), minor_version: z.number().int().min(0) }),
  display_information: z.strictObject({
    name: z.string().min(1).max(35),
    description: z.string().min(1).max(140),
    long_description: z.string().min(175).max(4000),
    background_color: z.string().regex(/^#([0-9a-f]{3}|[0-9a-f]{6})$/i),
  }),
  features: z.strictObject({
    app_home: z.strictObject({
      home_tab_enabled: z.boolean(),
      messages_tab_enabled: z.boolean(),
      messages_tab_read_only_enabled: z.boolean(),
    }),
    bot_user: z.strictObject({ display_name: z.string().regex(/^[a-z0-9._-]{1,80}$/), always_online: z.boolean() }),
    slash_commands: z
      .array(
        z.strictObject({
          command: z.string().regex(/^\/[a-z0-9_-]{1,31}$/),
          url: requestUrl,
          description: z.string().min(1).max(2000),
          usage_hint: z.string().max(1000),
          should_escape: z.boolean(),
        }),
      )
      .max(50),
    shortcuts: z
      .array(
        z.strictObject({
          name: z.string().min(1).max(24),
          type: z.enum(['global', 'message']),
          callback_id: z.string().min(1).max(255),
          description: z.string().min(1).max(150),
        }),
      )
      .max(10),
  }),
  oauth_config: z.strictObject({
    scopes: z.strictObject({
      bot: z
        .array(z.string().regex(/^[a-z_.]+:[a-z_.]+$|^commands$/))
        .min(1)
        .max(255)
        .transform((scopes) => scopes as BotScope[]),
    }),
  }),
  settings: z.strictObject({
    event_subscriptions: z.strictObject({
      request_url: requestUrl,
      bot_events: z
        .array(z.string().regex(/^[a-z_]+(\.[a-z_]+)?$/))
        .min(1)
        .max(100)
        .transform((events) => events as BotEvent[]),
    }),
    interactivity: z.strictObject({ is_enabled: z.boolean(), request_url: requestUrl }),
    org_deploy_enabled: z.boolean(),
    socket_mode_enabled: z.boolean(),
    token_rotation_enabled: z.boolean(),
  }),
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : full.endsWith('.ts') ? [full] : [];
  });
}

/** Registers the real listeners on a real Bolt app and records what they subscribe to. */
function registrations() {
  const app = new App({
    receiver: new ExpressReceiver({ signingSecret: 'unused' }),
    authorize: async () => ({}),
    convoStore: false,
  });
  const seen = {
    events: [] as string[],
    commands: [] as string[],
    actions: [] as string[],
    views: [] as string[],
    shortcuts: [] as string[],
  };
  const record = (into: string[]) => (first: unknown) =>
    void into.push(first instanceof RegExp ? first.source : String(first));
  jest.spyOn(app, 'event').mockImplementation(((name: unknown) => (record(seen.events)(name), app)) as never);
  jest.spyOn(app, 'command').mockImplementation(((name: unknown) => (record(seen.commands)(name), app)) as never);
  jest.spyOn(app, 'action').mockImplementation(((id: unknown) => (record(seen.actions)(id), app)) as never);
  jest.spyOn(app, 'view').mockImplementation(((id: unknown) => (record(seen.views)(id), app)) as never);
  jest.spyOn(app, 'shortcut').mockImplementation(((id: unknown) => (record(seen.shortcuts)(id), app)) as never);
  registerListeners(app, {} as SlackContext);
  return seen;
}

describe('manifests/slack/manifest.yml', () => {
  const raw = YAML.parse(readFileSync(MANIFEST, 'utf8'));
  const manifest = manifestSchema.parse(raw);
  // The shape also satisfies the Web API's own manifest type (apps.manifest.create would take it).
  const typed: SlackManifest = manifest;
  const seen = registrations();
  const sorted = (values: Iterable<string>) => [...new Set(values)].sort();

  it('is a valid app manifest', () => {
    expect(typed.display_information.name).toBe('Helpdesk');
    expect(manifestSchema.safeParse(raw).success).toBe(true);
  });

  it('subscribes to exactly the events the code listens to', () => {
    expect(sorted(manifest.settings.event_subscriptions.bot_events)).toEqual(sorted(Object.keys(BOT_EVENTS)));
    // Bolt listens to `message` for message.im / .channels / .groups.
    expect(sorted(seen.events)).toEqual(sorted(Object.keys(BOT_EVENTS).map((e) => e.split('.')[0])));
  });

  it('declares exactly the slash command and the shortcut the code registers', () => {
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual(seen.commands);
    expect(seen.commands).toEqual([SLASH_COMMAND]);
    expect(manifest.features.shortcuts.map((s) => s.callback_id)).toEqual(seen.shortcuts);
    expect(seen.shortcuts).toEqual([MESSAGE_SHORTCUT]);
    expect(manifest.features.shortcuts[0]).toMatchObject({ type: 'message', name: 'Create helpdesk ticket' });
  });

  it('enables interactivity, the Home tab and the Messages tab because the code uses them', () => {
    expect(seen.actions.length + seen.views.length + seen.shortcuts.length).toBeGreaterThan(0);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(sorted(seen.views)).toEqual(sorted(Object.values(VIEWS)));
    expect(manifest.features.app_home).toEqual({
      home_tab_enabled: true,
      messages_tab_enabled: true,
      messages_tab_read_only_enabled: false,
    });
  });

  it('asks for exactly the scopes the events, commands and Web API calls of the code need', () => {
    const calls = new Set<string>();
    for (const file of sourceFiles(SOURCE))
      for (const m of readFileSync(file, 'utf8').matchAll(/\bcall\(\s*'([a-zA-Z.]+)'/g)) calls.add(m[1]);
    // The channel's calls and the crisis rooms' (src/channels/slack/crisis.ts), each with its scopes.
    const declared = { ...API_SCOPES, ...CRISIS_API_SCOPES };
    expect(sorted(calls)).toEqual(sorted(Object.keys(declared)));
    const needed = [
      ...Object.values(BOT_EVENTS).flat(),
      ...Object.values(declared).flat(),
      ...(seen.commands.length + seen.shortcuts.length ? COMMAND_SCOPES : []),
    ];
    expect(sorted(manifest.oauth_config.scopes.bot)).toEqual(sorted(needed));
  });

  it('points every request URL at the one endpoint and ships for HTTP (Socket Mode is a switch)', () => {
    const urls = [
      manifest.settings.event_subscriptions.request_url,
      manifest.settings.interactivity.request_url,
      ...manifest.features.slash_commands.map((c) => c.url),
    ];
    expect(new Set(urls.map((u) => new URL(u).pathname))).toEqual(new Set([SLACK_EVENTS_PATH]));
    expect(manifest.settings.socket_mode_enabled).toBe(false);
    expect(manifest.features.slash_commands[0].should_escape).toBe(true);
  });
});
