import { z } from 'zod';

export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';
export const BOT_FRAMEWORK_SCOPE = 'https://api.botframework.com/.default';
export const DEFAULT_GRAPH_URL = 'https://graph.microsoft.com/v1.0';
export const DEFAULT_LOGIN_URL = 'https://login.microsoftonline.com';

const tokenResponse = z.object({
  access_token: z.string().min(1),
  expires_in: z.coerce.number().positive().default(3600),
});
const graphErrorBody = z.object({ error: z.object({ code: z.string().optional(), message: z.string().optional() }) });

/** Refresh a token this long before Entra ID says it expires. */
const EXPIRY_MARGIN_MS = 5 * 60_000;
const TIMEOUT_MS = 15_000;

/** Microsoft answered an error: HTTP status and, when given, its error code (`NameAlreadyExists`...). */
export class MicrosoftApiError extends Error {
  override name = 'MicrosoftApiError';
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

/**
 * App-only access tokens (OAuth 2.0 client credentials) for one scope, kept until shortly before
 * they expire; concurrent callers share one request.
 */
export class AppCredentials {
  private cached?: { token: string; expires: number };
  private pending?: Promise<string>;

  constructor(
    private readonly options: {
      tokenUrl: string;
      clientId: string;
      clientSecret: string;
      scope: string;
      now?: () => number;
    },
  ) {}

  token(): Promise<string> {
    const now = (this.options.now ?? Date.now)();
    if (this.cached && this.cached.expires > now) return Promise.resolve(this.cached.token);
    this.pending ??= this.request().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async request(): Promise<string> {
    const { tokenUrl, clientId, clientSecret, scope } = this.options;
    const response = await fetch(tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: clientId,
        client_secret: clientSecret,
        grant_type: 'client_credentials',
        scope,
      }).toString(),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      const error = z
        .object({ error: z.string().optional(), error_description: z.string().optional() })
        .safeParse(body);
      throw new MicrosoftApiError(
        response.status,
        error.success ? error.data.error : undefined,
        `token request for ${scope} failed with ${response.status}`,
      );
    }
    const { access_token, expires_in } = tokenResponse.parse(body);
    this.cached = {
      token: access_token,
      expires: (this.options.now ?? Date.now)() + expires_in * 1000 - EXPIRY_MARGIN_MS,
    };
    return access_token;
  }
}

/** JSON over HTTPS with a bearer token from `credentials`; errors become MicrosoftApiError. */
export async function callMicrosoft(
  credentials: AppCredentials,
  method: string,
  url: string,
  body?: unknown,
): Promise<unknown> {
  const response = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${await credentials.token()}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const text = await response.text();
  const json: unknown = text ? safeJson(text) : undefined;
  if (!response.ok) {
    const error = graphErrorBody.safeParse(json);
    const code = error.success ? error.data.error.code : undefined;
    const message = error.success ? error.data.error.message : text.slice(0, 200);
    throw new MicrosoftApiError(
      response.status,
      code,
      `${method} ${new URL(url).pathname} failed with ${response.status}${message ? `: ${message}` : ''}`,
    );
  }
  return json;
}

/** The few Microsoft Graph calls the desk makes (team channels), with app credentials. */
export class GraphClient {
  private readonly baseUrl: string;

  constructor(
    private readonly credentials: AppCredentials,
    baseUrl = DEFAULT_GRAPH_URL,
  ) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  request(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown): Promise<unknown> {
    return callMicrosoft(this.credentials, method, `${this.baseUrl}${path}`, body);
  }
}

/** Where app-only Graph tokens come from: `GRAPH_TOKEN_URL` when set (national clouds, tests), else the tenant's endpoint. */
export function graphTokenUrl(tenant: string, override?: string): string {
  return override ?? `${DEFAULT_LOGIN_URL}/${tenant}/oauth2/v2.0/token`;
}

/**
 * Where Bot Framework connector tokens come from: a single-tenant bot's own tenant, otherwise the
 * `botframework.com` authority — on the same login host as Graph's, so one setting moves both.
 */
export function botTokenUrl(appType: string, tenant: string, graphOverride?: string): string {
  if (appType === 'SingleTenant') return graphTokenUrl(tenant, graphOverride);
  const origin = graphOverride ? new URL(graphOverride).origin : DEFAULT_LOGIN_URL;
  return `${origin}/botframework.com/oauth2/v2.0/token`;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
