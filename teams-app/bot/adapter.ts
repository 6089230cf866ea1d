import { CloudAdapter, type AuthProvider } from '@microsoft/agents-hosting';
import type { Logger } from '../../core/logger.ts';
import { useTokenProvider } from '../auth/botTokenProvider.ts';

/**
 * The SDK adapter with our outbound token provider and our error policy: an unhandled error is
 * logged (ids only) and never posted into the chat, where the SDK would otherwise write
 * "The agent encountered an error or bug." Card and command handlers answer their own errors.
 */
export function createBotAdapter(options: { appId: string; tenantId: string; tokenProvider: AuthProvider; logger: Logger }): CloudAdapter {
  const adapter = new CloudAdapter({ clientId: options.appId, tenantId: options.tenantId }, undefined, undefined, { validateServiceUrl: true });
  useTokenProvider(adapter, options.tokenProvider);
  adapter.onTurnError = async (context, error) => {
    options.logger.error(
      { activityType: context.activity.type, activityName: context.activity.name, err: (error as Error)?.message },
      'bot turn failed',
    );
  };
  return adapter;
}
