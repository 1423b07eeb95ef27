import { GridrosterError, TransportError } from './sdk';

/** What to tell the user: the server's own message (in the chosen language), else a network notice key. */
export function messageOf(error: unknown): { text: string } | { key: string } {
  if (error instanceof GridrosterError) return { text: error.message };
  if (error instanceof TransportError) return { key: 'app.error.network' };
  return { key: 'app.error.unexpected' };
}

export const isNotFound = (error: unknown) => error instanceof GridrosterError && error.code === 'NOT_FOUND';
