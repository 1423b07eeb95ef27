import type { Logger } from './logger';

/**
 * Where text messages to a mobile go. The server only ever calls `send`; a real gateway (Aliyun,
 * Tencent Cloud SMS, a carrier's HTTP API) is an object with this one method, passed in AppDeps.
 * `send` must not throw for an unreachable number: callers answer the same whatever happens, so an
 * outsider cannot tell a registered mobile from another. Failures are the sender's to log.
 */
export interface SmsSender {
  send(mobile: string, message: SmsMessage): Promise<void>;
}

/** What is sent: a template id a gateway maps to its approved text, and the template's values. */
export interface SmsMessage {
  template: 'ACTIVATION_CODE' | 'SIGN_UP_CONFIRMATION' | 'PASSWORD_RESET' | 'GRID_ROLE_INVITATION';
  code: string;
  /** Minutes the code stays valid. */
  validMinutes: number;
}

/**
 * The development driver: writes the message to the log (the mobile masked) and keeps the last
 * message per mobile in memory, which is how tests and a developer at the console read the code.
 */
export class LogSmsSender implements SmsSender {
  readonly outbox = new Map<string, SmsMessage>();
  /** How many messages each mobile was sent. */
  readonly sent = new Map<string, number>();

  constructor(private readonly logger?: Logger) {}

  async send(mobile: string, message: SmsMessage): Promise<void> {
    this.outbox.set(mobile, message);
    this.sent.set(mobile, (this.sent.get(mobile) ?? 0) + 1);
    this.logger?.info({ sms: { to: `${mobile.slice(0, 3)}****${mobile.slice(-4)}`, ...message } }, 'sms (log driver)');
  }
}
