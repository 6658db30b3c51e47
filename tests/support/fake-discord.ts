// A fake Discord for end-to-end tests: the REST API and the WebSocket gateway on 127.0.0.1, enough
// of both for the real, unmodified discord.js client (login, guilds, slash commands, autocomplete,
// deferred replies, follow-ups, channel posts, command deployment, resume after a drop). It records
// every request, rejects what Discord would reject (limits, non-http(s) embed links, double
// acknowledgements, missing permissions), dedupes an enforced nonce as Discord does, and lets a
// test inject faults per route. It serves several gateway shards at once (each gets its own guilds
// and interactions), enforces Discord's rate limits when asked, and can hold a request until the
// test releases it. Protocol notes: /work/shared/notes/discord.md.
import { EventEmitter } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";
import {
  GatewayDispatchEvents,
  GatewayOpcodes,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  MessageType,
  PermissionFlagsBits,
  type APIApplicationCommand,
  type APIApplicationCommandOptionChoice,
  type APIMessage,
  type APIUser,
  type GatewayReceivePayload,
  type RESTGetAPIGatewayBotResult,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord-api-types/v10";
import {
  channelPermissions,
  defaultGuilds,
  guildCreatePayload,
  interactionPayload,
  readyPayload,
  snowflake,
  textChannel,
  user,
  type FakeGuild,
  type InteractionTarget,
  type OptionValue,
} from "./fake-discord/world.js";
import { choiceErrors, isEmptyMessage, messageErrors, type FormError } from "./fake-discord/validate.js";
import { ownsGuild, parseShard, type ShardSpec } from "./fake-discord/shards.js";
import { RateLimits, type LimitScope, type RateLimitOptions } from "./fake-discord/rate-limits.js";
import { Hold, type HoldDecision, type HoldMatcher } from "./fake-discord/holds.js";

export { snowflake, type FakeChannel, type FakeGuild, type OptionValue } from "./fake-discord/world.js";
export { shardOf, snowflakeOnShard, type ShardSpec } from "./fake-discord/shards.js";
export { DISCORD_GLOBAL_PER_SECOND, type RateLimitOptions, type RouteLimit } from "./fake-discord/rate-limits.js";
export type { Hold, HoldMatcher } from "./fake-discord/holds.js";

export interface RecordedRequest {
  method: string;
  /** Decoded path below /api/v10, e.g. "/webhooks/1/tok/messages/@original". */
  path: string;
  rawPath: string;
  query: Record<string, string>;
  body: unknown;
  /** The Authorization header; interaction callbacks and webhooks carry none. */
  auth: string | undefined;
  status: number;
  at: number;
  /** Set when the fake refused it for exceeding a rate limit (not for an injected 429). */
  rateLimited?: LimitScope;
  /** Set when a hold kept it waiting: what the test then decided. */
  held?: HoldDecision;
  /** The tag of the API base it came through (apiBaseFor), which tells apart processes sharing the fake. */
  via?: string;
}

export interface Fault {
  method?: string;
  /** A path below /api/v10 with ":param" wildcards ("/channels/:id/messages"), or a RegExp. */
  path: string | RegExp;
  status: number;
  /** Discord's JSON error code (50013, 10003…); omitted for 5xx. */
  code?: number;
  /** Seconds, for 429. */
  retryAfter?: number;
  /** How many requests it answers before it stops; unlimited by default. */
  times?: number;
}

export interface StoredMessage extends APIMessage {
  /** Still "thinking…" after a deferral. */
  loading: boolean;
  ephemeral: boolean;
}

export interface InteractionRecord {
  id: string;
  token: string;
  name: string;
  /** Where it was invoked; its responses are messages in this channel. */
  channelId: string;
  type: InteractionType;
  acknowledgement?: InteractionResponseType;
  original?: StoredMessage;
  originalDeleted: boolean;
  followUps: StoredMessage[];
  choices?: APIApplicationCommandOptionChoice[];
}

export interface SentInteraction {
  id: string;
  token: string;
}

export interface FakeDiscordOptions {
  token?: string;
  applicationId?: string;
  guilds?: FakeGuild[];
  heartbeatIntervalMs?: number;
  /** Leave the bot's own member out of GUILD_CREATE (as a minimal gateway might). */
  omitBotMember?: boolean;
  /** How long an enforced nonce is remembered per channel; Discord documents "the past few minutes". */
  nonceWindowMs?: number;
  /** Enforce Discord's rate limits (off by default, so tests unrelated to them are not slowed). */
  rateLimits?: RateLimitOptions;
  /** The shard count GET /gateway/bot recommends; 1 by default. */
  recommendedShards?: number;
}

export interface InteractionOptions {
  guildId?: string;
  channelId?: string;
  user?: APIUser;
  memberPermissions?: bigint;
}

interface Session {
  id: string;
  shard: ShardSpec;
  seq: number;
  buffer: { s: number; t: string; d: unknown }[];
  socket?: WebSocket;
}

class HttpError {
  constructor(
    readonly status: number,
    readonly code: number,
    readonly message: string,
    readonly errors?: FormError[],
  ) {}
}

const API_PREFIX = "/api/v10";
/** Before API_PREFIX in a tagged API base: /via/TAG/api/v10/… */
const VIA_PREFIX = "/via/";

/**
 * The client option tests pass with the fake (ws.buildIdentifyThrottler): without it, a second
 * IDENTIFY in one process waits 5–6.5 s (notes/discord.md §7.5).
 */
export const noIdentifyThrottle = {
  buildIdentifyThrottler: () => Promise.resolve({ waitForIdentify: async () => {} }),
};

export class FakeDiscord {
  readonly token: string;
  readonly applicationId: string;
  readonly bot: APIUser;
  readonly guilds: FakeGuild[];
  readonly requests: RecordedRequest[] = [];
  /** Deployed commands by scope: "global" or a guild id. */
  readonly commands = new Map<string, APIApplicationCommand[]>();
  readonly interactions = new Map<string, InteractionRecord>();
  /** Messages posted to channels with POST /channels/:id/messages, oldest first. */
  readonly channelMessages: StoredMessage[] = [];
  /** Gateway connections accepted so far, IDENTIFY / RESUME counts, the shards identified, and the intents last identified with. */
  readonly gatewayStats: {
    connections: number;
    identifies: number;
    resumes: number;
    shards: ShardSpec[];
    intents?: number;
  } = {
    connections: 0,
    identifies: 0,
    resumes: 0,
    shards: [],
  };
  /** Off: heartbeats go unanswered, so the client sees a zombie connection. */
  heartbeatAck = true;
  /** On: IDENTIFY is refused with close 4004, as for a token the gateway does not accept. */
  rejectIdentify = false;

  private readonly events = new EventEmitter();
  private readonly faults: (Fault & { remaining: number })[] = [];
  private readonly sessions = new Map<string, Session>();
  /** Sessions by when they last identified or resumed, latest last: a guild's events go to the latest one owning it. */
  private readonly attached: Session[] = [];
  private readonly server: Server;
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly user: APIUser = user(snowflake(), "reader");
  private readonly heartbeatIntervalMs: number;
  private readonly omitBotMember: boolean;
  private readonly nonceWindowMs: number;
  /** "channelId nonce" → the message that nonce created, for posts sent with enforce_nonce. */
  private readonly nonces = new Map<string, { message: StoredMessage; at: number }>();
  private readonly limits: RateLimits;
  private readonly recommendedShards: number;
  private readonly holds: Hold<RecordedRequest>[] = [];
  private port = 0;

  private constructor(options: FakeDiscordOptions) {
    this.token = options.token ?? "fake-bot-token";
    this.applicationId = options.applicationId ?? snowflake();
    this.bot = user(this.applicationId, "newsbrief", true);
    this.guilds = options.guilds ?? defaultGuilds();
    this.heartbeatIntervalMs = options.heartbeatIntervalMs ?? 41_250;
    this.omitBotMember = options.omitBotMember ?? false;
    this.nonceWindowMs = options.nonceWindowMs ?? 5 * 60_000;
    this.limits = new RateLimits(options.rateLimits);
    this.recommendedShards = options.recommendedShards ?? 1;
    this.server = createServer((req, res) => void this.handleHttp(req, res));
    this.server.on("upgrade", (req, socket, head) => {
      if (!req.url?.startsWith("/gateway")) return socket.destroy();
      this.wss.handleUpgrade(req, socket, head, (ws) => this.handleSocket(ws));
    });
  }

  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const fake = new FakeDiscord(options);
    await new Promise<void>((resolve) => fake.server.listen(0, "127.0.0.1", resolve));
    fake.port = (fake.server.address() as AddressInfo).port;
    return fake;
  }

  /** What the bot is given as DISCORD_API_URL. */
  get apiBase(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  /** An API base whose requests are recorded with `via: tag`: give each bot process its own to tell their requests apart. */
  apiBaseFor(tag: string): string {
    if (!/^[\w-]+$/.test(tag)) throw new Error(`a tag of letters, digits, _ and -, not ${JSON.stringify(tag)}`);
    return `http://127.0.0.1:${this.port}${VIA_PREFIX}${tag}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}/gateway`;
  }

  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ── Test controls ────────────────────────────────────────────────────────────────────────────

  fail(fault: Fault): void {
    this.faults.push({ ...fault, remaining: fault.times ?? Number.POSITIVE_INFINITY });
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  /** Forgets recorded requests (not interactions or messages), so waitForRequest sees only new ones. */
  clearRequests(): void {
    this.requests.length = 0;
  }

  /** 429s sent for exceeding a rate limit, by scope ("user" is a per-route limit); injected faults are not counted. */
  get rateLimited(): Readonly<Record<LimitScope, number>> {
    return this.limits.rejected;
  }

  /**
   * Holds the next request matching `matcher` after it arrives (rate limits are counted first), until
   * the test calls `release()` or `drop()` on the returned hold. Several holds wait for several requests.
   */
  hold(matcher: HoldMatcher): Hold<RecordedRequest> {
    const hold = new Hold<RecordedRequest>(matcher);
    this.holds.push(hold);
    return hold;
  }

  /** Closes a gateway socket (shard 0's by default): a close code (4000 → resume, 1000 → fresh identify) or "reset" for a TCP reset. */
  dropGateway(how: number | "reset" = 4000, shardId = 0): void {
    const socket = this.attached.findLast((s) => s.shard[0] === shardId)?.socket;
    if (!socket) throw new Error(`no gateway connection of shard ${shardId} to drop`);
    if (how === "reset") socket.terminate();
    else socket.close(how);
  }

  // ── Channel and server removal (added for the headline subscription tests) ───────────────────

  /** An admin deletes the channel: it leaves the world (posts to it get 404 / 10003) and the bot gets CHANNEL_DELETE. */
  deleteChannel(channelId: string): void {
    const guild = this.guilds.find((g) => g.channels.some((c) => c.id === channelId));
    const index = guild?.channels.findIndex((c) => c.id === channelId) ?? -1;
    const [channel] = guild ? guild.channels.splice(index, 1) : [];
    const session = guild && this.sessionFor(guild.id);
    if (!guild || !channel || !session) throw new Error(`cannot delete channel ${channelId}`);
    this.dispatch(session, GatewayDispatchEvents.ChannelDelete, textChannel(guild, channel, index));
  }

  /** The bot is removed from the server: GUILD_DELETE without `unavailable`, so discord.js emits guildDelete. */
  removeFromGuild(guildId: string): void {
    const index = this.guilds.findIndex((g) => g.id === guildId);
    const session = this.sessionFor(guildId);
    if (index < 0 || !session) throw new Error(`cannot leave guild ${guildId}`);
    this.guilds.splice(index, 1);
    this.dispatch(session, GatewayDispatchEvents.GuildDelete, { id: guildId });
  }

  sendCommand(
    name: string,
    values: Record<string, OptionValue | undefined> = {},
    options: InteractionOptions = {},
  ): SentInteraction {
    return this.sendInteraction(InteractionType.ApplicationCommand, name, values, undefined, options);
  }

  /** Autocomplete for `focused`, with the other options as already filled in. */
  sendAutocomplete(
    name: string,
    values: Record<string, OptionValue | undefined>,
    focused: string,
    options: InteractionOptions = {},
  ): SentInteraction {
    return this.sendInteraction(InteractionType.ApplicationCommandAutocomplete, name, values, focused, options);
  }

  interaction(sent: SentInteraction): InteractionRecord {
    const record = this.interactions.get(sent.token);
    if (!record) throw new Error(`unknown interaction ${sent.id}`);
    return record;
  }

  /** The final original response: a reply, or a deferral once it has been edited. */
  reply(sent: SentInteraction, timeoutMs?: number): Promise<StoredMessage> {
    return this.waitFor(() => {
      const original = this.interaction(sent).original;
      return original && !original.loading ? original : undefined;
    }, timeoutMs);
  }

  /** The `n`th follow-up (1-based). */
  followUp(sent: SentInteraction, n = 1, timeoutMs?: number): Promise<StoredMessage> {
    return this.waitFor(() => this.interaction(sent).followUps[n - 1], timeoutMs);
  }

  choices(sent: SentInteraction, timeoutMs?: number): Promise<APIApplicationCommandOptionChoice[]> {
    return this.waitFor(() => this.interaction(sent).choices, timeoutMs);
  }

  /** The first request, past or future, matching `predicate`. */
  waitForRequest(predicate: (r: RecordedRequest) => boolean, timeoutMs?: number): Promise<RecordedRequest> {
    return this.waitFor(() => this.requests.find(predicate), timeoutMs);
  }

  /** Resolves with `check()`'s first defined value, re-checked after every request and gateway event. */
  waitFor<T>(check: () => T | undefined, timeoutMs = 2_000): Promise<T> {
    const now = check();
    if (now !== undefined) return Promise.resolve(now);
    return new Promise((resolve, reject) => {
      const onChange = () => {
        const value = check();
        if (value === undefined) return;
        cleanup();
        resolve(value);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`fake Discord: condition not met within ${timeoutMs} ms`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.events.off("change", onChange);
      };
      this.events.on("change", onChange);
    });
  }

  // ── Gateway ──────────────────────────────────────────────────────────────────────────────────

  private handleSocket(socket: WebSocket): void {
    this.gatewayStats.connections += 1;
    let session: Session | undefined;
    const send = (payload: GatewayReceivePayload | { op: GatewayOpcodes; d: unknown }) =>
      socket.send(JSON.stringify(payload));
    send({ op: GatewayOpcodes.Hello, d: { heartbeat_interval: this.heartbeatIntervalMs } });
    socket.on("message", (raw) => {
      const payload = JSON.parse(String(raw)) as { op: number; d: Record<string, unknown> | number | null };
      const d = typeof payload.d === "object" && payload.d !== null ? payload.d : {};
      switch (payload.op) {
        case GatewayOpcodes.Heartbeat:
          if (this.heartbeatAck) send({ op: GatewayOpcodes.HeartbeatAck, d: null });
          break;
        case GatewayOpcodes.Identify: {
          if (this.rejectIdentify || d.token !== this.token) return socket.close(4004, "Authentication failed.");
          const shard = parseShard(d.shard);
          if (!shard) return socket.close(4010, "Invalid shard.");
          this.gatewayStats.identifies += 1;
          this.gatewayStats.shards.push(shard);
          if (typeof d.intents === "number") this.gatewayStats.intents = d.intents;
          session = { id: snowflake(), shard, seq: 0, buffer: [], socket };
          this.sessions.set(session.id, session);
          this.attach(session);
          // Each shard hears of its own guilds only: (guild_id >> 22) % shard_count === shard_id.
          const guilds = this.guilds.filter((g) => ownsGuild(shard, g.id));
          this.dispatch(
            session,
            GatewayDispatchEvents.Ready,
            readyPayload(this.bot, this.applicationId, guilds, session.id, this.gatewayUrl, shard),
          );
          for (const guild of guilds)
            this.dispatch(
              session,
              GatewayDispatchEvents.GuildCreate,
              guildCreatePayload(guild, this.bot, this.user.id, !this.omitBotMember),
            );
          break;
        }
        case GatewayOpcodes.Resume: {
          const known = typeof d.session_id === "string" ? this.sessions.get(d.session_id) : undefined;
          if (!known || d.token !== this.token) return send({ op: GatewayOpcodes.InvalidSession, d: false });
          this.gatewayStats.resumes += 1;
          session = known;
          session.socket = socket;
          this.attach(session);
          const seq = typeof d.seq === "number" ? d.seq : 0;
          for (const event of session.buffer.filter((e) => e.s > seq)) socket.send(JSON.stringify({ op: 0, ...event }));
          this.dispatch(session, GatewayDispatchEvents.Resumed, {});
          break;
        }
      }
      this.events.emit("change");
    });
    socket.on("close", () => {
      if (session?.socket === socket) session.socket = undefined;
      this.events.emit("change");
    });
  }

  private attach(session: Session): void {
    const at = this.attached.indexOf(session);
    if (at >= 0) this.attached.splice(at, 1);
    this.attached.push(session);
  }

  /** The session a guild's events go to: the latest to identify or resume on a shard that owns it. */
  private sessionFor(guildId: string): Session | undefined {
    return this.attached.findLast((s) => ownsGuild(s.shard, guildId));
  }

  /** Every dispatch is numbered and buffered, so what is sent during an outage is replayed on RESUME. */
  private dispatch(session: Session, t: string, d: unknown): void {
    session.seq += 1;
    const event = { s: session.seq, t, d };
    session.buffer.push(event);
    if (session.socket?.readyState === session.socket?.OPEN) session.socket?.send(JSON.stringify({ op: 0, ...event }));
  }

  private sendInteraction(
    type: InteractionType.ApplicationCommand | InteractionType.ApplicationCommandAutocomplete,
    name: string,
    values: Record<string, OptionValue | undefined>,
    focused: string | undefined,
    options: InteractionOptions,
  ): SentInteraction {
    const target = this.target(options);
    const session = this.sessionFor(target.guild.id);
    if (!session) throw new Error(`no shard of the bot has identified for guild ${target.guild.id}`);
    const sent = { id: snowflake(), token: `interaction-${snowflake()}` };
    const deployed = [...this.commands.values()].flat().find((c) => c.name === name);
    this.interactions.set(sent.token, {
      ...sent,
      name,
      type,
      channelId: target.channel.id,
      originalDeleted: false,
      followUps: [],
    });
    const payload = interactionPayload({
      type,
      ...sent,
      applicationId: this.applicationId,
      commandId: deployed?.id ?? snowflake(),
      name,
      values,
      focused,
      target,
      botPermissions: channelPermissions(target.guild, target.channel, this.bot.id),
    });
    this.dispatch(session, GatewayDispatchEvents.InteractionCreate, payload);
    return sent;
  }

  private target(options: InteractionOptions): InteractionTarget {
    const guild = this.guilds.find((g) => options.guildId === undefined || g.id === options.guildId);
    const channel = guild?.channels.find((c) => options.channelId === undefined || c.id === options.channelId);
    if (!guild || !channel) throw new Error("no such guild/channel in the fake world");
    return {
      guild,
      channel,
      user: options.user ?? this.user,
      memberPermissions: options.memberPermissions ?? PermissionFlagsBits.SendMessages,
    };
  }

  // ── REST ─────────────────────────────────────────────────────────────────────────────────────

  private async handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const via = url.pathname.startsWith(VIA_PREFIX) ? /^\/via\/([\w-]+)(\/.*)$/.exec(url.pathname) : null;
    if (via) url.pathname = via[2]!;
    const rawBody = await readBody(req);
    const record: RecordedRequest = {
      method: req.method ?? "GET",
      path: url.pathname.startsWith(API_PREFIX)
        ? url.pathname.slice(API_PREFIX.length).split("/").map(decodeURIComponent).join("/")
        : url.pathname,
      rawPath: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body: rawBody ? safeJson(rawBody) : undefined,
      auth: req.headers.authorization,
      status: 0,
      at: Date.now(),
      ...(via ? { via: via[1] } : {}),
    };
    let status: number;
    let headers: Record<string, string> = {};
    try {
      if (!url.pathname.startsWith(`${API_PREFIX}/`)) throw new HttpError(400, 0, "Only API v10 is served here");
      const verdict = this.limits.check(record, record.at);
      headers = verdict.headers;
      const hold = verdict.limited ? undefined : this.takeHold(record);
      if (hold) {
        record.held = await hold.take(record);
        if (record.held === "drop") {
          req.socket.destroy();
          return this.recordDone(record, 0);
        }
      }
      const fault = verdict.limited ? undefined : this.takeFault(record);
      if (verdict.limited) {
        record.rateLimited = verdict.limited.scope;
        status = 429;
        sendJson(res, status, verdict.limited.body, headers);
      } else if (fault) status = this.sendFault(res, fault);
      else {
        const result = this.route(record);
        status = result === undefined ? 204 : 200;
        sendJson(res, status, result, headers);
      }
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      status = error.status;
      sendJson(
        res,
        status,
        {
          message: error.message,
          code: error.code,
          ...(error.errors
            ? {
                errors: Object.fromEntries(
                  error.errors.map((e) => [
                    e.path,
                    { _errors: [{ code: e.code ?? "BASE_TYPE_MAX_LENGTH", message: e.message }] },
                  ]),
                ),
              }
            : {}),
        },
        headers,
      );
    }
    this.recordDone(record, status);
  }

  /** Status 0: the connection was cut without an answer. */
  private recordDone(record: RecordedRequest, status: number): void {
    record.status = status;
    this.requests.push(record);
    this.events.emit("change");
  }

  private takeHold(r: RecordedRequest): Hold<RecordedRequest> | undefined {
    const at = this.holds.findIndex(
      (h) => (h.matcher.method === undefined || h.matcher.method === r.method) && routeMatches(h.matcher.path, r.path),
    );
    return at < 0 ? undefined : this.holds.splice(at, 1)[0];
  }

  private takeFault(r: RecordedRequest): Fault | undefined {
    const fault = this.faults.find(
      (f) => f.remaining > 0 && (f.method === undefined || f.method === r.method) && routeMatches(f.path, r.path),
    );
    if (fault) fault.remaining -= 1;
    return fault;
  }

  private sendFault(res: ServerResponse, fault: Fault): number {
    if (fault.status === 429) {
      const retryAfter = fault.retryAfter ?? 0.05;
      sendJson(
        res,
        429,
        { message: "You are being rate limited.", retry_after: retryAfter, global: false },
        {
          "Retry-After": String(retryAfter),
          "X-RateLimit-Scope": "user",
        },
      );
    } else if (fault.status >= 500) {
      sendJson(res, fault.status, { message: "Internal Server Error", code: 0 });
    } else {
      sendJson(res, fault.status, { message: "Injected fault", code: fault.code ?? 0 });
    }
    return fault.status;
  }

  /** Returns the JSON to answer with (undefined → 204), or throws an HttpError. */
  private route(r: RecordedRequest): unknown {
    const parts = r.path.split("/").slice(1);
    const [head, a, b, c, d] = parts;
    const is = (method: string, shape: string) => r.method === method && matchesShape(shape, parts);

    if (is("GET", "gateway/bot")) return this.authed(r, () => this.gatewayBot());
    if (is("GET", "users/@me")) return this.authed(r, () => this.bot);
    if (is("GET", "applications/@me"))
      return this.authed(r, () => ({ id: this.applicationId, name: "newsbrief", bot: this.bot, flags: 0 }));
    if (is("PUT", "applications/*/commands")) return this.authed(r, () => this.deploy(a, "global", r.body));
    if (is("PUT", "applications/*/guilds/*/commands")) return this.authed(r, () => this.deploy(a, c ?? "", r.body));
    if (is("POST", "interactions/*/*/callback")) return this.callback(b ?? "", r);
    if (head === "webhooks" && a === this.applicationId && b)
      return this.webhook(b, r.method, c === "messages" ? d : undefined, r);
    if (is("POST", "channels/*/messages")) return this.authed(r, () => this.postToChannel(a ?? "", r.body));
    throw new HttpError(404, 0, "404: Not Found");
  }

  private authed<T>(r: RecordedRequest, answer: () => T): T {
    if (r.auth !== `Bot ${this.token}`) throw new HttpError(401, 0, "401: Unauthorized");
    return answer();
  }

  private gatewayBot(): RESTGetAPIGatewayBotResult {
    return {
      url: this.gatewayUrl,
      shards: this.recommendedShards,
      session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
    };
  }

  private deploy(applicationId: string | undefined, scope: string, body: unknown): APIApplicationCommand[] {
    if (applicationId !== this.applicationId) throw new HttpError(403, 50001, "Missing Access");
    if (!Array.isArray(body)) throw new HttpError(400, 50035, "Invalid Form Body");
    const commands = (body as RESTPostAPIChatInputApplicationCommandsJSONBody[]).map(
      (command) =>
        ({
          ...command,
          id: snowflake(),
          application_id: this.applicationId,
          ...(scope === "global" ? {} : { guild_id: scope }),
          version: snowflake(),
          type: 1,
          default_member_permissions: command.default_member_permissions ?? null,
        }) as APIApplicationCommand,
    );
    this.commands.set(scope, commands);
    return commands;
  }

  private callback(token: string, r: RecordedRequest): unknown {
    const record = this.interactions.get(token);
    if (!record) throw new HttpError(404, 10062, "Unknown interaction");
    if (record.acknowledgement !== undefined)
      throw new HttpError(400, 40060, "Interaction has already been acknowledged.");
    const body = (r.body ?? {}) as {
      type?: number;
      data?: { flags?: number; content?: string; embeds?: []; choices?: [] };
    };
    switch (body.type) {
      case InteractionResponseType.ChannelMessageWithSource:
        record.original = this.message(body.data ?? {}, { channelId: record.channelId, interaction: true });
        break;
      case InteractionResponseType.DeferredChannelMessageWithSource:
        record.original = {
          ...this.message(
            { flags: body.data?.flags },
            { channelId: record.channelId, interaction: true, allowEmpty: true },
          ),
          loading: true,
        };
        break;
      case InteractionResponseType.ApplicationCommandAutocompleteResult: {
        const choices = body.data?.choices ?? [];
        const errors = choiceErrors(choices);
        if (errors.length > 0) throw new HttpError(400, 50035, "Invalid Form Body", errors);
        record.choices = choices;
        break;
      }
      default:
        throw new HttpError(400, 50035, "Invalid Form Body");
    }
    record.acknowledgement = body.type;
    return r.query.with_response === "true"
      ? { interaction: { id: record.id, type: record.type }, resource: { type: body.type, message: record.original } }
      : undefined;
  }

  private webhook(token: string, method: string, messageId: string | undefined, r: RecordedRequest): unknown {
    const record = this.interactions.get(token);
    if (!record) throw new HttpError(404, 10015, "Unknown Webhook");
    if (messageId === undefined) {
      if (method !== "POST") throw new HttpError(405, 0, "405: Method Not Allowed");
      if (!record.acknowledgement) throw new HttpError(404, 10015, "Unknown Webhook");
      const message = this.message(r.body ?? {}, { channelId: record.channelId, interaction: true });
      record.followUps.push(message);
      return message;
    }
    const target =
      messageId === "@original"
        ? record.originalDeleted
          ? undefined
          : record.original
        : record.followUps.find((m) => m.id === messageId);
    if (!target) throw new HttpError(404, 10008, "Unknown Message");
    if (method === "GET") return target;
    if (method === "DELETE") {
      if (target === record.original) record.originalDeleted = true;
      else record.followUps.splice(record.followUps.indexOf(target), 1);
      return undefined;
    }
    if (method === "PATCH") {
      const body = (r.body ?? {}) as { content?: string; embeds?: []; flags?: number };
      const next = { content: body.content ?? target.content, embeds: body.embeds ?? target.embeds };
      this.assertValidMessage(next);
      Object.assign(target, next, {
        loading: false,
        edited_timestamp: new Date().toISOString(),
        flags: (target.flags ?? 0) & ~MessageFlags.Loading,
      });
      return target;
    }
    throw new HttpError(405, 0, "405: Method Not Allowed");
  }

  private postToChannel(channelId: string, body: unknown): StoredMessage {
    const guild = this.guilds.find((g) => g.channels.some((c) => c.id === channelId));
    const channel = guild?.channels.find((c) => c.id === channelId);
    if (!guild || !channel) throw new HttpError(404, 10003, "Unknown Channel");
    const permissions = channelPermissions(guild, channel, this.bot.id);
    if (!(permissions & PermissionFlagsBits.ViewChannel)) throw new HttpError(403, 50001, "Missing Access");
    if (!(permissions & PermissionFlagsBits.SendMessages)) throw new HttpError(403, 50013, "Missing Permissions");
    const { nonce, enforce_nonce: enforce } = (body ?? {}) as { nonce?: string | number; enforce_nonce?: boolean };
    const message = { ...this.message(body ?? {}, { channelId }), ...(nonce === undefined ? {} : { nonce }) };
    if (!enforce || nonce === undefined) {
      this.channelMessages.push(message);
      return message;
    }
    // With enforce_nonce, Discord answers a nonce it saw recently from the same author with the
    // message that nonce created, and creates nothing.
    const key = `${channelId} ${nonce}`;
    const earlier = this.nonces.get(key);
    if (earlier && Date.now() - earlier.at < this.nonceWindowMs) return earlier.message;
    this.nonces.set(key, { message, at: Date.now() });
    this.channelMessages.push(message);
    return message;
  }

  private assertValidMessage(body: { content?: string; embeds?: unknown[] }): void {
    if (isEmptyMessage(body as never)) throw new HttpError(400, 50006, "Cannot send an empty message");
    const errors = messageErrors(body as never);
    if (errors.length > 0) throw new HttpError(400, 50035, "Invalid Form Body", errors);
  }

  private message(
    body: { content?: string; embeds?: unknown[]; flags?: number; allowed_mentions?: unknown },
    where: { channelId: string; interaction?: boolean; allowEmpty?: boolean },
  ): StoredMessage {
    if (!where.allowEmpty) this.assertValidMessage(body);
    const flags = (body.flags ?? 0) & (MessageFlags.Ephemeral | MessageFlags.SuppressEmbeds);
    return {
      id: snowflake(),
      channel_id: where.channelId,
      author: this.bot,
      content: body.content ?? "",
      embeds: (body.embeds ?? []) as APIMessage["embeds"],
      attachments: [],
      mentions: [],
      mention_roles: [],
      mention_everyone: false,
      pinned: false,
      tts: false,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      type: where.interaction ? MessageType.ChatInputCommand : MessageType.Default,
      flags: where.allowEmpty ? flags | MessageFlags.Loading : flags,
      components: [],
      ...(where.interaction ? { webhook_id: this.applicationId, application_id: this.applicationId } : {}),
      loading: false,
      ephemeral: (flags & MessageFlags.Ephemeral) !== 0,
    };
  }
}

function matchesShape(shape: string, parts: string[]): boolean {
  const expected = shape.split("/");
  return expected.length === parts.length && expected.every((p, i) => p === "*" || p === parts[i]);
}

function routeMatches(pattern: string | RegExp, path: string): boolean {
  if (pattern instanceof RegExp) return pattern.test(path);
  return new RegExp(`^${pattern.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/:\w+/g, "[^/]+")}$`).test(path);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Discord answers errors in JSON (discord.js needs it for `.code`) and 204 with no body at all. */
function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const common = {
    "X-RateLimit-Limit": "50",
    "X-RateLimit-Remaining": "49",
    "X-RateLimit-Reset-After": "1.000",
    "X-RateLimit-Bucket": "fake",
    ...headers,
  };
  if (status === 204 || body === undefined) {
    res.writeHead(status === 200 ? 204 : status, common).end();
    return;
  }
  res.writeHead(status, { ...common, "Content-Type": "application/json" }).end(JSON.stringify(body));
}
