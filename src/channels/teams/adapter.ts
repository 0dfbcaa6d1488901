import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type Activity,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import type { Env } from '../../config';
import type { RetryingTransport } from './transport';

type ConnectorOptions = NonNullable<ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[4]>;

/**
 * botbuilder's CloudAdapter with the one entry point we need: authenticate an activity (JWT
 * validation when `MICROSOFT_APP_ID` is set, none without) and run a turn, returning the invoke
 * response. HTTP stays ours (see app.ts) so bad requests get our answers and our logs.
 */
export class TeamsAdapter extends CloudAdapter {
  constructor(
    readonly appId: string,
    auth: ConfigurationBotFrameworkAuthentication,
  ) {
    super(auth);
  }

  run(
    authorization: string,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(authorization, activity, logic);
  }
}

export function createTeamsAdapter(env: Env, transport: RetryingTransport): TeamsAdapter {
  const auth = new ConfigurationBotFrameworkAuthentication(
    {
      MicrosoftAppId: env.MICROSOFT_APP_ID ?? '',
      MicrosoftAppPassword: env.MICROSOFT_APP_PASSWORD ?? '',
      MicrosoftAppType: env.MICROSOFT_APP_TYPE,
      MicrosoftAppTenantId: env.MICROSOFT_APP_TENANT_ID ?? '',
    },
    undefined,
    undefined,
    undefined,
    { httpClient: transport as unknown as ConnectorOptions['httpClient'] },
  );
  return new TeamsAdapter(env.MICROSOFT_APP_ID ?? '', auth);
}

/** Authentication failures (missing, forged, expired or foreign tokens) answer 401. */
export function isAuthenticationFailure(err: unknown): boolean {
  const e = err as { statusCode?: number; name?: string };
  return e?.statusCode === 401 || ['JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError'].includes(e?.name ?? '');
}
