/**
 * Sends mail through one SMTP server: a pool of connections, a sending rate limit and a time limit
 * per message. A recipient the server refuses is an outcome, not an error: the caller records it
 * (a bounce) and moves on, while a passing trouble (a 4xx answer, a dropped connection, a time-out)
 * is told apart so that the caller can try again later.
 */
import nodemailer from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool/index.js';

export interface MailMessage {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Extra headers, e.g. List-Unsubscribe. */
  headers?: Record<string, string>;
  /** A stable Message-ID (without the angle brackets), so a message sent again is known as the same one. */
  messageId?: string;
  /** Files sent along; one with a `cid` is an image the HTML shows inline (`<img src="cid:…">`). */
  attachments?: { filename: string; contentType: string; content: Buffer; cid?: string }[];
}

/**
 * How a message fared: `accepted` by the server; `refused` for good (a 5xx answer to the recipient
 * or the message: a bounce, not to be tried again); `deferred` for a passing trouble (a 4xx answer,
 * a dropped connection, a time-out) worth another try.
 */
export type SendOutcome =
  | { status: 'accepted'; accepted: string[]; rejected: string[]; response: string }
  | { status: 'refused'; accepted: string[]; rejected: string[]; response: string; code: number | null }
  | { status: 'deferred'; accepted: string[]; rejected: string[]; response: string; code: number | null };

/** The clock the rate limit waits on; tests pass one that only counts. */
export interface MailerClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const systemClock: MailerClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface MailerOptions {
  /** Messages per second at most (default 5): mail providers throttle or block faster senders. */
  perSecond?: number;
  /** Milliseconds one message may take, connecting included, before it is deferred (default 30 s). */
  timeoutMs?: number;
  /** Connections kept open to the server (default 2). */
  maxConnections?: number;
  clock?: MailerClock;
}

export interface Mailer {
  send(message: MailMessage): Promise<SendOutcome>;
  /** Checks that the server answers and takes the credentials. */
  verify(): Promise<true>;
  close(): void;
}

/** What the server sends mail with: `serve --smtp`, `--mail-from` and `--public-url`. */
export interface OutgoingMail {
  mailer: Mailer;
  /** The sending address, e.g. surveys@acme.example; the name shown comes from each survey's branding. */
  from: string;
  /** Where the links in the mails point when the survey settings name no public address. */
  publicUrl: string | null;
}

export const DEFAULT_MAIL_RATE = 5;
const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Checks an SMTP URL (`smtp://user:pass@host:port`, `smtps://…`) and says what is wrong with it;
 * the password never appears in the message.
 */
export function checkSmtpUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not a URL; expected smtp://user:password@host:port or smtps://…';
  }
  if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:')
    return `has the scheme ${parsed.protocol.replace(/:$/, '')}; expected smtp or smtps`;
  if (!parsed.hostname) return 'names no host';
  return null;
}

/** A URL safe to log: the password replaced. */
export function redactSmtpUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(not a URL)';
  }
}

/**
 * Spaces sends so that no second holds more than `perSecond` of them: each send waits for the
 * moment one second after the send `perSecond` places before it.
 */
export class SendingRate {
  private readonly recent: number[] = [];
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly perSecond: number,
    private readonly clock: MailerClock,
  ) {}

  /** Resolves when the next message may go; its moment is counted from then. */
  take(): Promise<void> {
    const turn = this.queue.then(async () => {
      if (this.recent.length >= this.perSecond) {
        const oldest = this.recent[this.recent.length - this.perSecond] as number;
        const wait = oldest + 1000 - this.clock.now();
        if (wait > 0) await this.clock.sleep(wait);
      }
      this.recent.push(this.clock.now());
      if (this.recent.length > this.perSecond) this.recent.splice(0, this.recent.length - this.perSecond);
    });
    this.queue = turn.catch(() => undefined);
    return turn;
  }
}

interface SmtpError {
  code?: string;
  responseCode?: number;
  response?: string;
  message?: string;
  rejected?: string[];
}

/** Tells a bounce (for good) from a passing trouble by the SMTP answer. */
export function classifySendError(error: unknown, recipient: string): SendOutcome {
  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as SmtpError;
  const code = typeof e.responseCode === 'number' ? e.responseCode : null;
  const response = (e.response ?? e.message ?? 'the mail server gave no answer').trim();
  const rejected = Array.isArray(e.rejected) && e.rejected.length > 0 ? e.rejected : [recipient];
  // A 5xx about the envelope or the message refuses it for good; a 5xx at sign-in (EAUTH) or any
  // trouble of the connection says nothing about the recipient, so it is tried again.
  if (code !== null && code >= 500 && (e.code === 'EENVELOPE' || e.code === 'EMESSAGE'))
    return { status: 'refused', accepted: [], rejected, response, code };
  return { status: 'deferred', accepted: [], rejected: [], response, code };
}

/** A pooled SMTP mailer for the server at `url`. */
export function createMailer(url: string, options: MailerOptions = {}): Mailer {
  const problem = checkSmtpUrl(url);
  if (problem) throw new Error(`the SMTP URL ${redactSmtpUrl(url)} ${problem}`);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const rate = new SendingRate(options.perSecond ?? DEFAULT_MAIL_RATE, options.clock ?? systemClock);
  const transportOptions: SMTPPool.Options = {
    pool: true,
    url,
    maxConnections: options.maxConnections ?? 2,
    // A connection dropped under a message is a passing trouble the caller retries on its next run,
    // with its back-off and count; the pool resending at once would hide it and bypass both.
    maxRequeues: 0,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  };
  const transport = nodemailer.createTransport(transportOptions);
  return {
    async send(message) {
      await rate.take();
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`the mail server did not take the message within ${timeoutMs} ms`)),
          timeoutMs,
        );
      });
      try {
        const info = await Promise.race([
          transport.sendMail({
            from: message.from,
            to: message.to,
            subject: message.subject,
            text: message.text,
            html: message.html,
            headers: message.headers,
            ...(message.attachments ? { attachments: message.attachments } : {}),
            ...(message.messageId ? { messageId: `<${message.messageId}>` } : {}),
          }),
          timedOut,
        ]);
        const accepted = info.accepted.map(String);
        const rejected = info.rejected.map(String);
        const response = String(info.response ?? '');
        if (accepted.length === 0) return { status: 'refused', accepted, rejected, response, code: null };
        return { status: 'accepted', accepted, rejected, response };
      } catch (error) {
        return classifySendError(error, message.to);
      } finally {
        clearTimeout(timer);
      }
    },
    verify: () => transport.verify(),
    close: () => transport.close(),
  };
}
