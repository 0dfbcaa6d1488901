import { readFileSync } from 'node:fs';
import path from 'node:path';
import { inflateRawSync, inflateSync } from 'node:zlib';
import nock from 'nock';
import { DEFAULT_OUTPUT, validateTeamsPackage } from '../../../scripts/teams-package';
import { TEAMS_ENDPOINT } from '../../../src/channels/teams/activity';
import { createTeamsAdapter } from '../../../src/channels/teams/adapter';
import { NEW_TICKET_VERBS } from '../../../src/channels/teams/listeners/messages';
import {
  buildTeamsPackage,
  manifestValues,
  PACKAGE_FILES,
  resolveTemplate,
  TEAMS_MANIFEST_DIR,
} from '../../../src/channels/teams/package/manifest';
import { pngInfo } from '../../../src/channels/teams/package/png';
import { RetryingTransport, DEFAULT_RETRY } from '../../../src/channels/teams/transport';
import { parseEnv } from '../../../src/config';
import { ticketCommands } from '../../../src/core/conversation';
import type { TestHelpdesk } from '../../support/helpdesk';
import { isolateNetwork, releaseNetwork, startTeamsHelpdesk } from './support';

const APP_ID = '0f8e6a1c-2b3d-4e5f-8a9b-0c1d2e3f4a5b';
const env = parseEnv({
  NODE_ENV: 'test',
  MICROSOFT_APP_ID: APP_ID,
  MICROSOFT_APP_PASSWORD: 'secret',
  PUBLIC_URL: 'https://helpdesk.example.com/',
});
const { version } = JSON.parse(readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8')) as {
  version: string;
};

/** A zip reader of our own (central directory + inflate), to check what the package really holds. */
function readZip(zip: Buffer): Map<string, Buffer> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extra = zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    const dataAt = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    files.set(
      name,
      method === 8 ? inflateRawSync(zip.subarray(dataAt, dataAt + size)) : zip.subarray(dataAt, dataAt + size),
    );
    at += 46 + nameLength + extra;
  }
  return files;
}

/** Alpha and colours of an RGBA PNG with unfiltered rows (what our encoder writes). */
function pixels(png: Buffer): { rgb: Set<string>; alphas: number[] } {
  const { width, height } = pngInfo(png);
  const chunks: Buffer[] = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    if (png.toString('ascii', at + 4, at + 8) === 'IDAT') chunks.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(chunks));
  const rgb = new Set<string>();
  const alphas: number[] = [];
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const p = y * (width * 4 + 1) + 1 + x * 4;
      alphas.push(raw[p + 3]);
      if (raw[p + 3]) rgb.add(raw.subarray(p, p + 3).toString('hex'));
    }
  return { rgb, alphas };
}

afterAll(releaseNetwork);

describe('Teams app package: manifest.json, localisation and icons', () => {
  let h: TestHelpdesk;
  const pkg = buildTeamsPackage(manifestValues(env, version));
  const manifest = pkg.manifest as any;
  const french = pkg.localizations['fr.json'] as Record<string, string>;
  const commandLists = manifest.bots[0].commandLists as { scopes: string[]; commands: { title: string }[] }[];

  beforeAll(async () => {
    isolateNetwork();
    h = await startTeamsHelpdesk();
  });
  afterAll(async () => {
    nock.cleanAll();
    await h.close();
  });

  it('validates against the Teams JSON schema of its version (bundled, offline), localisation and icons included', async () => {
    expect(manifest.manifestVersion).toBe('1.30');
    expect(manifest.$schema).toContain(`/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`);
    expect(await validateTeamsPackage(pkg)).toEqual([]);
    // And it does catch mistakes.
    const broken = {
      ...pkg,
      manifest: { ...manifest, bots: [{ ...manifest.bots[0], botId: 'not-a-guid' }], accentColor: 'blue' },
    };
    expect((await validateTeamsPackage(broken)).join('\n')).toMatch(/botId[\s\S]*accentColor|accentColor[\s\S]*botId/);
  });

  it('names the bot the code authenticates as, and the domain the bot is served from', () => {
    const adapter = createTeamsAdapter(
      env,
      new RetryingTransport({ retry: DEFAULT_RETRY, logger: { warn: () => undefined } }),
    );
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.bots[0].botId).toBe(adapter.appId);
    expect(manifest.version).toBe(version);
    expect(manifest.validDomains).toEqual([new URL(env.PUBLIC_URL!).hostname]);
    expect(manifest.developer.websiteUrl).toBe('https://helpdesk.example.com');
    expect(JSON.stringify(pkg)).not.toMatch(/\$\{\{/);
  });

  it('serves the messaging endpoint the bot registration points to', async () => {
    const res = await fetch(`${h.url}${TEAMS_ENDPOINT}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(400); // ours (a malformed activity), not a 404
  });

  it('lists only commands the bot understands, in English and French, each in the right scope', () => {
    const teamsOnly = new Set<string>(NEW_TICKET_VERBS);
    const understood = (title: string) => teamsOnly.has(title) || h.helpdesk.commands.match(title) !== null;
    commandLists.forEach((list, l) =>
      list.commands.forEach((command, c) => {
        const frenchTitle = french[`bots[0].commandLists[${l}].commands[${c}].title`];
        expect([command.title, understood(command.title)]).toEqual([command.title, true]);
        expect([frenchTitle, understood(frenchTitle)]).toEqual([frenchTitle, true]);
        const agentOnly = h.helpdesk.commands.match(command.title)?.command.agentOnly ?? false;
        // Employees use the personal chat; agent verbs are offered in the agents' team.
        if (list.scopes.includes('personal')) expect([command.title, agentOnly]).toEqual([command.title, false]);
        if (list.scopes.includes('team') && command.title !== 'help')
          expect([command.title, agentOnly]).toEqual([command.title, true]);
      }),
    );
  });

  it('offers every ticket verb of DESIGN §2 and the Teams-only `new` form', () => {
    const titles = commandLists.flatMap((l) => l.commands.map((c) => c.title));
    const verbs = ticketCommands({ tickets: {} as never, presenter: {} as never, crises: {} as never }).map(
      (c) => c.verbs[0],
    );
    expect(verbs.filter((v) => !titles.includes(v))).toEqual([]);
    expect(titles).toContain(NEW_TICKET_VERBS[0]);
    expect(Object.values(french)).toContain(NEW_TICKET_VERBS[1]);
  });

  it('zips exactly the manifest, its localisation and the two icons, at the sizes Teams requires', () => {
    const files = readZip(pkg.zip);
    expect([...files.keys()]).toEqual([...PACKAGE_FILES]);
    expect(JSON.parse(files.get('manifest.json')!.toString('utf8'))).toEqual(manifest);
    expect(pngInfo(files.get('color.png')!)).toMatchObject({ width: 192, height: 192 });
    expect(pngInfo(files.get('outline.png')!)).toMatchObject({ width: 32, height: 32 });
    // The outline icon is white on transparent only; the colour icon is opaque.
    const outline = pixels(files.get('outline.png')!);
    expect([...outline.rgb]).toEqual(['ffffff']);
    expect(outline.alphas.some((a) => a === 0)).toBe(true);
    expect(pixels(files.get('color.png')!).alphas.every((a) => a === 255)).toBe(true);
    expect(files.get('color.png')!.equals(readFileSync(path.join(TEAMS_MANIFEST_DIR, 'color.png')))).toBe(true);
    expect(DEFAULT_OUTPUT).toMatch(/dist\/teams\/helpdesk-teams\.zip$/);
  });

  it('refuses to package without a real bot id or an https address, and never leaves a placeholder', () => {
    expect(() => manifestValues({ MICROSOFT_APP_ID: undefined, PUBLIC_URL: 'http://localhost:3000' }, version)).toThrow(
      /MICROSOFT_APP_ID must be the bot’s Microsoft App ID[\s\S]*PUBLIC_URL must be the https address/,
    );
    expect(() => resolveTemplate('{"id": "${{TEAMS_APP_SECRET}}"}', manifestValues(env, version))).toThrow(
      /unknown placeholder/,
    );
  });
});
