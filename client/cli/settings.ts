import envPaths from 'env-paths';

/**
 * What the command line takes from the environment (handed in by its io): where credentials live, which language to
 * speak, which server to use when none was given or stored.
 */
export interface CliSettings {
  /** The directory holding credentials.json (GRIDROSTER_CONFIG_DIR, else the user's config dir). */
  configDir: string;
  /** zh or en, from LC_ALL, LC_MESSAGES or LANG (zh unless the locale is English). */
  localeLanguage: Language;
  /** GRIDROSTER_URL, the server when none is given or stored. */
  serverUrl: string | null;
  /** GRIDROSTER_PASSWORD, so scripts can sign in without a prompt. */
  password: string | null;
  /** GRIDROSTER_DEBUG: print the stack of an unexpected failure. */
  debug: boolean;
}

export type Language = 'zh' | 'en';

export function languageOf(value: string | null | undefined): Language | null {
  if (!value) return null;
  if (/^en\b|^en[_-]/i.test(value)) return 'en';
  if (/^zh\b|^zh[_-]/i.test(value)) return 'zh';
  return null;
}

export function readSettings(env: NodeJS.ProcessEnv): CliSettings {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG;
  return {
    configDir: env.GRIDROSTER_CONFIG_DIR || envPaths('gridroster', { suffix: '' }).config,
    localeLanguage: languageOf(locale) ?? 'zh',
    serverUrl: env.GRIDROSTER_URL || null,
    password: env.GRIDROSTER_PASSWORD || null,
    debug: Boolean(env.GRIDROSTER_DEBUG),
  };
}
