// Wires the bot: store → corpus → client → router and jobs, as ROLES asks. The gateway role logs in
// and answers commands; the worker role runs the scheduled jobs and posts over REST only. Production
// (src/index.ts) and the end-to-end tests both start it here, so tests exercise the same composition
// with only DISCORD_API_URL (and, optionally, test-speed client knobs) differing.
import { resolve } from "node:path";
import { DiscordjsErrorCodes, Events, type Client } from "discord.js";
import { commands } from "../commands/index.js";
import { ConfigError, requireDiscord, type Config } from "./config.js";
import { connect, createClient, type ClientOverrides } from "./discord/client.js";
import { checkToken, explainDiscordFailure, TOKEN_REJECTED } from "./discord/connection.js";
import { Router } from "./discord/router.js";
import { FEED_ARTICLES_SUBDIR } from "./feeds/ingest.js";
import { startFeedSchedule, type FeedSchedule } from "./feeds/schedule.js";
import { FeedStates } from "./feeds/state.js";
import { watchSubscriptionTargets } from "./headlines/discord.js";
import { startHeadlineSchedule, type HeadlineSchedule } from "./headlines/schedule.js";
import { SubscriptionStore } from "./headlines/subscriptions.js";
import { createScheduler, type Scheduler } from "./jobs/index.js";
import { defaultAnalyzer } from "./library/analysis-pool.js";
import { Corpus } from "./library/corpus.js";
import { StoredFirstSeen } from "./library/first-seen.js";
import { createLogger, type Logger } from "./log.js";
import { Store } from "./store.js";
import { CorpusStore } from "./store/corpus-store.js";

export interface BotOptions {
  log?: Logger;
  /** Test-speed knobs such as the no-op identify throttler; production passes none. */
  client?: ClientOverrides;
  deferAfterMs?: number;
  /** Used instead of opening STORE_URL (tests pass one that fails on demand); stop() closes it. */
  store?: Store;
}

export interface Bot {
  /** The gateway connection; absent in a worker-only process (ROLES=worker). */
  client?: Client<true>;
  corpus: Corpus;
  store: Store;
  /** The scheduled work; absent in a gateway-only process (ROLES=gateway). */
  jobs?: BotJobs;
  /** Disconnects from Discord and closes the store. Safe to call twice: every call waits for the same shutdown. */
  stop(): Promise<void>;
}

/** What a worker process runs, all three or none. */
export interface BotJobs {
  /** The scheduled headline posts; `tick()` runs one now (tests drive it instead of waiting for cron). */
  headlines: HeadlineSchedule;
  /** The scheduled feed fetches; new articles land in ARTICLES_DIR, where the headline tick finds them. */
  feeds: FeedSchedule;
  /** Runs the headline, feed and ledger-prune jobs: node-cron here, or pg-boss over a Postgres store. */
  scheduler: Scheduler;
}

export async function startBot(config: Config, options: BotOptions = {}): Promise<Bot> {
  const discord = requireDiscord(config, ["token"]);
  const log = options.log ?? createLogger(config.logLevel);
  const store = options.store ?? new Store(config.storeUrl, log);
  const analyzer = defaultAnalyzer();
  const { gateway, worker } = config.roles;
  let client: Client | undefined;
  let headlines: HeadlineSchedule | undefined;
  let corpusStore: CorpusStore | undefined;
  let unwatch: (() => void) | undefined;
  // Only a worker schedules: a gateway-only process never takes a tick, a feed or a prune.
  const scheduler = worker ? createScheduler(config.storeUrl, log, config.jobs) : undefined;
  try {
    // Before the corpus, which can take seconds to load: a corrupt store file, a wrong token or an
    // unreachable API URL should fail at once, and the local check needs no network.
    await store.check();
    await checkToken(discord.token, discord.apiUrl);
    corpusStore = await CorpusStore.open(config.storeUrl);
    const corpus = await Corpus.open({
      analyzer,
      dir: config.articlesDir,
      library: await corpusStore.library(resolve(config.articlesDir)),
      maxBytes: config.articleMaxBytes,
      log,
      firstSeen: new StoredFirstSeen(store),
      retention: { folder: FEED_ARTICLES_SUBDIR, days: config.articlesRetentionDays },
    });
    const { added, changed, removed, expired, skipped } = corpus.lastRefresh;
    log.info(
      {
        articles: corpus.size,
        imported: added.length + changed.length,
        removed: removed.length,
        expired: expired.length,
        skipped: skipped.length,
        dir: config.articlesDir,
      },
      "Corpus loaded",
    );

    client = createClient(discord.apiUrl, options.client, config.shards);
    const subscriptions = new SubscriptionStore(store);
    let ready: Client<true> | undefined;
    if (gateway) {
      ready = await openGateway(client, discord, { corpus, subscriptions, config, log, options });
      // Channel and server removals arrive on the gateway, so its process marks their subscriptions.
      unwatch = watchSubscriptionTargets(ready, subscriptions, log);
    } else {
      // No login: a worker posts over REST alone, to any channel of any shard.
      client.rest.setToken(discord.token);
    }
    let jobs: BotJobs | undefined;
    if (scheduler) {
      headlines = startHeadlineSchedule({
        client,
        library: corpus,
        store,
        subscriptions,
        config: config.headlines,
        scheduler,
        log,
      });
      jobs = {
        headlines,
        feeds: startFeedSchedule({ config, states: new FeedStates(store), scheduler, log }),
        scheduler,
      };
      await scheduler.start();
    }
    log.info({ roles: config.roles, shards: gateway ? config.shards.ids : [] }, "Bot started");

    // One shared promise: a second signal during shutdown must wait for the store to close, not
    // resolve at once and let index.ts exit with writes in flight.
    let stopping: Promise<void> | undefined;
    const running = client;
    const scheduled = headlines;
    const stop = () =>
      (stopping ??= (async () => {
        await scheduler?.stop();
        await scheduled?.stop();
        unwatch?.();
        await running.destroy();
        await analyzer.close();
        await corpusStore?.close();
        await store.close();
      })());
    return { ...(ready ? { client: ready } : {}), corpus, store, ...(jobs ? { jobs } : {}), stop };
  } catch (err) {
    // Everything started so far is stopped, each step even if an earlier one fails.
    unwatch?.();
    await Promise.allSettled([scheduler?.stop(), headlines?.stop(), client?.destroy()]);
    await analyzer.close();
    await corpusStore?.close();
    await store.close();
    throw err;
  }
}

/** Logs in with this process's shards and routes interactions to the commands; resolves once ready. */
async function openGateway(
  client: Client,
  discord: { token: string; clientId?: string; apiUrl?: string },
  deps: { corpus: Corpus; subscriptions: SubscriptionStore; config: Config; log: Logger; options: BotOptions },
): Promise<Client<true>> {
  const { corpus, subscriptions, config, log, options } = deps;
  const router = new Router(commands, { corpus, subscriptions, schedule: config.headlines }, log, {
    deferAfterMs: options.deferAfterMs,
  });
  client.on(Events.InteractionCreate, (interaction) => void router.handle(interaction));
  client.on(Events.Error, (err) => log.error({ err }, "Discord client error"));
  client.on(Events.ShardDisconnect, (event, shard) => log.warn({ shard, code: event.code }, "Gateway disconnected"));
  client.on(Events.ShardResume, (shard) => log.info({ shard }, "Gateway resumed"));
  await connectOrExplain(client, discord.token, discord.apiUrl);
  if (!client.isReady()) throw new Error("the Discord client connected without becoming ready");
  if (discord.clientId && client.application.id !== discord.clientId) {
    log.warn(
      { clientId: discord.clientId, applicationId: client.application.id },
      "DISCORD_CLIENT_ID is not this bot's application; deployed commands will not reach it",
    );
  }
  log.info({ user: client.user.tag, guilds: client.guilds.cache.size }, "Connected to Discord");
  return client;
}

async function connectOrExplain(client: Client, token: string, apiUrl: string | undefined): Promise<void> {
  try {
    await connect(client, token);
  } catch (err) {
    // A REST 401 at login surfaces as TokenInvalid; a gateway close 4004 as @discordjs/ws's plain Error.
    const rejected =
      err instanceof Error &&
      ((err as { code?: unknown }).code === DiscordjsErrorCodes.TokenInvalid ||
        err.message === "Authentication failed");
    if (rejected) throw new ConfigError([TOKEN_REJECTED]);
    throw explainDiscordFailure(err, apiUrl);
  }
}
