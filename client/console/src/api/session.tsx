import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { GridrosterClient, GridrosterError, LoginDocument, LogoutDocument, MeDocument, type MeQuery } from './sdk';
import { useLanguage } from '../i18n/language';

const TOKEN_KEY = 'gridroster.console.token';
export type Account = MeQuery['me'];

export interface Session {
  account: Account | null;
  /** True until a stored token has been checked with the API. */
  restoring: boolean;
  /** The API with this session's token and language; an UNAUTHENTICATED answer ends the session. */
  run<TData, TVars>(document: TypedDocumentNode<TData, TVars>, variables?: TVars): Promise<TData>;
  signIn(mobile: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  /** For the live roster: where the API is and the token to present. */
  token: string | null;
  apiUrl: string;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

const apiUrl = () => `${location.origin}/graphql`;

/** The signed-in account: its token kept in localStorage so a reload keeps the session, dropped on logout or refusal. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const { language } = useLanguage();
  const [token, setToken] = useState<string | null>(() => localStorage.getItem(TOKEN_KEY));
  const [account, setAccount] = useState<Account | null>(null);
  const [restoring, setRestoring] = useState(token !== null);
  const client = useMemo(() => new GridrosterClient({ url: apiUrl(), token, language }), [token, language]);

  const forget = useCallback(() => {
    localStorage.removeItem(TOKEN_KEY);
    setToken(null);
    setAccount(null);
  }, []);

  const run = useCallback(async <TData, TVars>(document: TypedDocumentNode<TData, TVars>, variables?: TVars) => {
    try {
      return await client.request(document, variables);
    } catch (error) {
      if (error instanceof GridrosterError && error.code === 'UNAUTHENTICATED' && client.token) forget();
      throw error;
    }
  }, [client, forget]);

  useEffect(() => {
    if (!token || account) return setRestoring(false);
    let current = true;
    client.request(MeDocument).then(
      (data) => { if (current) setAccount(data.me); },
      (error) => { if (current && error instanceof GridrosterError && error.code === 'UNAUTHENTICATED') forget(); },
    ).finally(() => { if (current) setRestoring(false); });
    return () => { current = false; };
  }, [token, account, client, forget]);

  const signIn = useCallback(async (mobile: string, password: string) => {
    const { login } = await client.withToken(null).request(LoginDocument, { mobile, password });
    localStorage.setItem(TOKEN_KEY, login.token);
    setAccount(null);
    setRestoring(true);
    setToken(login.token);
  }, [client]);

  const signOut = useCallback(async () => {
    // The token is forgotten whatever the API answers: signing out must always work.
    await client.request(LogoutDocument).catch(() => {});
    forget();
  }, [client, forget]);

  const value = useMemo<Session>(() => ({ account, restoring, run, signIn, signOut, token, apiUrl: apiUrl() }),
    [account, restoring, run, signIn, signOut, token]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
