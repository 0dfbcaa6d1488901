import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import nock from 'nock';
import type { TestHelpdesk } from '../../support/helpdesk';
import {
  alice,
  FakeConnector,
  isolateNetwork,
  releaseNetwork,
  personalMessage,
  post,
  SERVICE_URL,
  startTeamsHelpdesk,
  TENANT,
} from './support';

const BOT_FRAMEWORK_LOGIN = 'https://login.botframework.com';
const AAD = 'https://login.microsoftonline.com';

const b64url = (value: Buffer | string) => Buffer.from(value).toString('base64url');

/** A Bot Framework channel token as Teams sends it, signed by `key`. */
function channelToken(key: KeyObject, kid: string, appId: string, claims: Record<string, unknown> = {}): string {
  const now = Math.floor(Date.now() / 1000);
  const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }));
  const payload = b64url(
    JSON.stringify({
      iss: 'https://api.botframework.com',
      aud: appId,
      serviceurl: SERVICE_URL,
      nbf: now - 60,
      exp: now + 3600,
      ...claims,
    }),
  );
  return `${header}.${payload}.${b64url(sign('RSA-SHA256', Buffer.from(`${header}.${payload}`), key))}`;
}

// The Bot Framework's signing key (Teams signs its requests with it) and someone else's.
const signing = generateKeyPairSync('rsa', { modulusLength: 2048 });
const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });

/** Where the SDK reads the Bot Framework's public keys to check inbound tokens. */
function serveSigningKeys(): void {
  const jwk = signing.publicKey.export({ format: 'jwk' });
  nock(BOT_FRAMEWORK_LOGIN)
    .persist()
    .get('/v1/.well-known/openidconfiguration')
    .reply(200, {
      issuer: 'https://api.botframework.com',
      jwks_uri: `${BOT_FRAMEWORK_LOGIN}/v1/.well-known/keys`,
      id_token_signing_alg_values_supported: ['RS256'],
    })
    .get('/v1/.well-known/keys')
    .reply(200, {
      keys: [{ kty: 'RSA', use: 'sig', kid: 'teams-key', n: jwk.n, e: jwk.e, endorsements: ['msteams'] }],
    });
}

/** The AAD token endpoint the bot gets its own (outbound) token from; records what was asked. */
function serveBotToken(
  tenant: string,
  requested: { client: string | null; grant: string | null; scope: string | null }[],
): void {
  // MSAL may read the authority's metadata first, or know it already.
  nock(AAD)
    .persist()
    .get(`/${tenant}/v2.0/.well-known/openid-configuration`)
    .reply(200, {
      issuer: `${AAD}/${tenant}/v2.0`,
      authorization_endpoint: `${AAD}/${tenant}/oauth2/v2.0/authorize`,
      token_endpoint: `${AAD}/${tenant}/oauth2/v2.0/token`,
      end_session_endpoint: `${AAD}/${tenant}/oauth2/v2.0/logout`,
      jwks_uri: `${AAD}/${tenant}/discovery/v2.0/keys`,
    })
    .get(/\/common\/discovery\/instance/)
    .query(true)
    .reply(200, { tenant_discovery_endpoint: `${AAD}/${tenant}/v2.0/.well-known/openid-configuration`, metadata: [] })
    .post(`/${tenant}/oauth2/v2.0/token`)
    .query(true)
    .reply(200, (_uri, body) => {
      const form = new URLSearchParams(String(body));
      requested.push({ client: form.get('client_id'), grant: form.get('grant_type'), scope: form.get('scope') });
      return { token_type: 'Bearer', expires_in: 3600, ext_expires_in: 3600, access_token: `bot-token-from-${tenant}` };
    });
}

afterAll(releaseNetwork);

// botbuilder caches the bot's outbound token per app id for the whole process: one app id each.
describe.each([
  ['SingleTenant', TENANT, '5d1c4a4e-3b7e-4c55-9a11-2f0a6b7c8d90'],
  ['MultiTenant', 'botframework.com', '9b2e7f10-6c4d-4e8a-b1f2-3a4b5c6d7e8f'],
])('Teams with MICROSOFT_APP_ID (%s): Bot Framework tokens are required and checked', (appType, authority, APP_ID) => {
  let h: TestHelpdesk;
  let connector: FakeConnector;
  const stored = async () =>
    Promise.all(
      ['inbox', 'teams_conversations', 'people', 'drafts', 'tickets'].map((c) =>
        h.connection.db!.collection(c).countDocuments(),
      ),
    );

  beforeAll(async () => {
    isolateNetwork();
    const tenant: Record<string, string> = appType === 'SingleTenant' ? { MICROSOFT_APP_TENANT_ID: TENANT } : {};
    h = await startTeamsHelpdesk({
      env: {
        MICROSOFT_APP_ID: APP_ID,
        MICROSOFT_APP_PASSWORD: 'test-secret-not-real',
        MICROSOFT_APP_TYPE: appType,
        ...tenant,
      },
    });
  });
  beforeEach(() => {
    connector = new FakeConnector().install();
    serveSigningKeys();
    // botbuilder prints each rejected token on the console; the assertions below say what matters.
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => {
    nock.cleanAll();
    jest.restoreAllMocks();
  });
  afterAll(() => h.close());

  it('a request without a valid token gets 401 and nothing is stored or sent', async () => {
    const before = await stored();
    const attempts: Record<string, string>[] = [
      {},
      { authorization: 'Bearer not-a-jwt' },
      { authorization: `Basic ${Buffer.from('user:pass').toString('base64')}` },
      { authorization: `Bearer ${channelToken(stranger.privateKey, 'teams-key', APP_ID)}` },
      { authorization: `Bearer ${channelToken(stranger.privateKey, 'unknown-key', APP_ID)}` },
      { authorization: `Bearer ${channelToken(signing.privateKey, 'teams-key', APP_ID, { aud: 'some-other-bot' })}` },
      {
        authorization: `Bearer ${channelToken(signing.privateKey, 'teams-key', APP_ID, { exp: Math.floor(Date.now() / 1000) - 3600 })}`,
      },
      {
        authorization: `Bearer ${channelToken(signing.privateKey, 'teams-key', APP_ID, { serviceurl: 'https://evil.example.test/' })}`,
      },
    ];
    for (const headers of attempts) {
      const res = await post(h.url, personalMessage(alice, 'my laptop is broken'), headers);
      expect([headers.authorization?.slice(0, 20), res.status]).toEqual([headers.authorization?.slice(0, 20), 401]);
      expect(res.body).toEqual({ error: 'unauthorized' });
    }
    expect(await stored()).toEqual(before);
    expect(connector.sent).toEqual([]);
  });

  it(`a valid Teams token is accepted, and the reply goes out with the bot’s own token from ${authority}`, async () => {
    const requested: { client: string | null; grant: string | null; scope: string | null }[] = [];
    serveBotToken(authority, requested);
    const res = await post(h.url, personalMessage(alice, 'my laptop is broken'), {
      authorization: `Bearer ${channelToken(signing.privateKey, 'teams-key', APP_ID)}`,
    });
    expect(res.status).toBe(200);
    expect(requested).toEqual([
      { client: APP_ID, grant: 'client_credentials', scope: 'https://api.botframework.com/.default' },
    ]);
    const [reply] = connector.toPerson(alice);
    expect(reply.authorization).toBe(`Bearer bot-token-from-${authority}`);
  });
});

describe('Teams in production without MICROSOFT_APP_ID', () => {
  it('is not served at all (an endpoint without token checks is for local use only)', async () => {
    isolateNetwork();
    const h = await startTeamsHelpdesk({ env: { NODE_ENV: 'production' } });
    try {
      expect((await post(h.url, personalMessage(alice, 'hello'))).status).toBe(404);
    } finally {
      await h.close();
    }
  });
});
