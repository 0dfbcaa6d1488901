import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Env } from '../../../config';
import { TEAMS_ENDPOINT } from '../activity';
import { writeZip } from './zip';

/** manifests/teams, from src/ or dist/ alike (both sit at the same depth). */
export const TEAMS_MANIFEST_DIR = path.resolve(__dirname, '../../../..', 'manifests/teams');

/** What goes into the app package: the manifest, its French localisation and the two icons. */
export const PACKAGE_FILES = ['manifest.json', 'fr.json', 'color.png', 'outline.png'] as const;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SEMVER = /^\d+\.\d+\.\d+$/;

/** The values the manifest template names as `${{NAME}}`. */
export interface ManifestValues {
  MICROSOFT_APP_ID: string;
  PUBLIC_URL: string;
  PUBLIC_HOSTNAME: string;
  APP_VERSION: string;
}

/**
 * The template's values from the environment, with a readable error for what is missing: the
 * bot's app id (also the Teams app id) and the public https URL Teams posts to.
 */
export function manifestValues(env: Pick<Env, 'MICROSOFT_APP_ID' | 'PUBLIC_URL'>, version: string): ManifestValues {
  const problems: string[] = [];
  if (!env.MICROSOFT_APP_ID || !GUID.test(env.MICROSOFT_APP_ID))
    problems.push('MICROSOFT_APP_ID must be the bot’s Microsoft App ID (a GUID)');
  let url: URL | undefined;
  try {
    url = env.PUBLIC_URL ? new URL(env.PUBLIC_URL) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || url.protocol !== 'https:')
    problems.push(
      `PUBLIC_URL must be the https address Teams reaches (messaging endpoint: PUBLIC_URL${TEAMS_ENDPOINT})`,
    );
  if (!SEMVER.test(version)) problems.push(`the app version must be x.y.z (got "${version}")`);
  if (problems.length || !url) throw new Error(`Cannot build the Teams package:\n- ${problems.join('\n- ')}`);
  return {
    MICROSOFT_APP_ID: env.MICROSOFT_APP_ID!.toLowerCase(),
    PUBLIC_URL: url.origin + url.pathname.replace(/\/$/, ''),
    PUBLIC_HOSTNAME: url.hostname,
    APP_VERSION: version,
  };
}

/** Replaces `${{NAME}}` in a JSON template; an unknown name is an error, never left behind. */
export function resolveTemplate(template: string, values: ManifestValues): string {
  return template.replace(/\$\{\{([A-Z_]+)\}\}/g, (match, name: string) => {
    if (!(name in values)) throw new Error(`unknown placeholder ${match} in the Teams manifest`);
    return JSON.stringify(values[name as keyof ManifestValues]).slice(1, -1);
  });
}

export interface TeamsPackage {
  manifest: Record<string, unknown>;
  localizations: Record<string, Record<string, unknown>>;
  zip: Buffer;
}

/** The app package Teams admins upload: the resolved manifest and localisation, the icons, zipped. */
export function buildTeamsPackage(values: ManifestValues, dir = TEAMS_MANIFEST_DIR): TeamsPackage {
  const files = PACKAGE_FILES.map((name) => {
    const raw = readFileSync(path.join(dir, name));
    return {
      name,
      data: name.endsWith('.json') ? Buffer.from(resolveTemplate(raw.toString('utf8'), values), 'utf8') : raw,
    };
  });
  const json = (name: string) =>
    JSON.parse(files.find((f) => f.name === name)!.data.toString('utf8')) as Record<string, unknown>;
  return { manifest: json('manifest.json'), localizations: { 'fr.json': json('fr.json') }, zip: writeZip(files) };
}
