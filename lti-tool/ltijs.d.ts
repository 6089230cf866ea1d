// The parts of ltijs 5.9 (CommonJS, untyped) that Harbour uses.
declare module 'ltijs' {
  import type { Request, Response, NextFunction, Express } from 'express';

  type Handler = (req: Request, res: Response, next: NextFunction) => unknown;
  type TokenHandler = (token: LtijsIdToken, req: Request, res: Response, next: NextFunction) => unknown;

  export interface LtijsIdToken {
    iss: string;
    user: string;
    userInfo?: { given_name?: string; family_name?: string; name?: string; email?: string };
    clientId: string;
    platformId: string;
    deploymentId: string;
    platformContext: {
      contextId: string;
      user: string;
      roles?: string[];
      messageType?: string;
      version?: string;
      targetLinkUri?: string;
      deepLinkingSettings?: {
        deep_link_return_url: string;
        accept_types: string[];
        accept_multiple?: boolean | string;
        data?: string;
      };
    };
  }

  export interface LtijsPlatform {
    platformUrl(): Promise<string>;
    platformClientId(): Promise<string>;
    platformKid(): Promise<string>;
    platformActive(active?: boolean): Promise<boolean>;
    delete(): Promise<true>;
  }

  export interface LtijsProvider {
    constructor: new () => LtijsProvider;
    app: Express;
    setup(encryptionKey: string, database: { plugin: unknown }, options?: Record<string, unknown>): LtijsProvider;
    onConnect(handler: TokenHandler): true;
    onDeepLinking(handler: TokenHandler): true;
    onDynamicRegistration(handler: Handler): true;
    onInvalidToken(handler: Handler): true;
    onSessionTimeout(handler: Handler): true;
    onUnregisteredPlatform(handler: Handler): true;
    onInactivePlatform(handler: Handler): true;
    whitelist(...routes: (string | RegExp | { route: string | RegExp; method: string })[]): unknown;
    registerPlatform(platform: {
      url: string;
      name: string;
      clientId: string;
      authenticationEndpoint: string;
      accesstokenEndpoint: string;
      authorizationServer?: string;
      authConfig: { method: 'JWK_SET' | 'JWK_KEY' | 'RSA_KEY'; key: string };
    }): Promise<LtijsPlatform>;
    getPlatform(url: string, clientId: string): Promise<LtijsPlatform | false>;
    deletePlatform(url: string, clientId: string): Promise<true>;
    DeepLinking: {
      createDeepLinkingMessage(
        idtoken: Pick<LtijsIdToken, 'iss' | 'clientId' | 'deploymentId'> & { platformContext: Pick<LtijsIdToken['platformContext'], 'deepLinkingSettings'> },
        contentItems: unknown[],
        options?: { message?: string; log?: string },
      ): Promise<string>;
    };
  }

  export const Provider: LtijsProvider;
}
