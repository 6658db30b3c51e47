// Slash-command latency with a full corpus: how long the bot takes to answer /brief and /brief's
// autocomplete with 10,000 articles loaded (the target is a p99 under 20 ms, far inside Discord's
// 3 s window). The real bot is started through startBot against the fake Discord
// (tests/support/fake-discord.ts) over a temporary folder of synthetic articles and a temporary
// SQLite store, then sent warm-up interactions followed by sequential measured ones.
//
// Two spans are timed for every interaction:
//   - handling (the returned `brief` / `autocomplete`): in-process, from interactionCreate reaching
//     the router to the reply's REST request being handed to the HTTP client. Gateway decoding and
//     the network are excluded, so this is the time the bot's own code and discord.js spend.
//   - round trip (`roundTrip`): from the fake dispatching INTERACTION_CREATE to the fake recording
//     the callback POST. It adds loopback WebSocket and HTTP, so it is an upper bound.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { Events } from "discord.js";
import { startBot, type Bot } from "../src/bot.js";
import { loadConfig } from "../src/config.js";
import { createLogger } from "../src/log.js";
import { FakeDiscord, noIdentifyThrottle, type SentInteraction } from "../tests/support/fake-discord.js";
import { syntheticArticle, writeSyntheticCorpus } from "./synthetic.js";

export interface Percentiles {
  p50: number;
  p99: number;
  n: number;
}

export interface DiscordBench {
  /** In-process handling time of /brief, ms. */
  brief: Percentiles;
  /** In-process handling time of /brief's autocomplete, ms. */
  autocomplete: Percentiles;
  /** Fake dispatch → fake receives the callback, ms: includes loopback transport (upper bound). */
  roundTrip: { brief: Percentiles; autocomplete: Percentiles };
  articles: number;
}

const ARTICLES = 10_000;
const WARM_UP = 100;
const SAMPLES = 500;
/** Generous: a loaded 2-core machine can stall for a while, and a timeout would lose the run. */
const ANSWER_TIMEOUT_MS = 15_000;
/** A cron expression that is never due during a bench, so no scheduled tick or fetch competes. */
const NEVER = "0 0 1 1 *";
const LENGTHS = ["short", "standard", "long"] as const;

const progress = (text: string) => process.stderr.write(`bench discord: ${text}\n`);

/** Title words of synthetic article `n`, without the trailing "(n)" that makes each title unique. */
function titleWords(n: number): string[] {
  return syntheticArticle(n)
    .title.split(" ")
    .filter((w) => !w.startsWith("("));
}

/**
 * What a user types into the article option, query `i` of a deterministic mix: nothing (the newest
 * articles), or one to three title words from some article with the last one still being typed.
 */
function typed(i: number): string {
  if (i % 20 === 0) return "";
  const words = titleWords((i * 7919) % ARTICLES);
  const start = i % Math.max(1, words.length - 2);
  const picked = words.slice(start, start + 1 + (i % 3));
  const last = picked.pop() ?? "";
  picked.push(last.slice(0, Math.max(2, last.length - (i % 4))));
  return picked.join(" ");
}

/** The /brief options of query `i`: an article id (picked from autocomplete), free text, or nothing. */
function briefOptions(i: number): Record<string, string | undefined> {
  const n = (i * 104_729) % ARTICLES;
  const length = LENGTHS[i % LENGTHS.length];
  switch (i % 5) {
    case 0:
      return { length };
    case 1:
    case 2:
      return { article: `synthetic-${n}`, length };
    default: {
      // "Lisbon tariffs", "Osaka rail strike": a place and a topic typed without picking a suggestion.
      const { title } = syntheticArticle(n);
      const topic = title.slice(title.indexOf(" agrees ") + " agrees ".length, title.indexOf(" deal "));
      return { article: `${title.split(" ")[0]} ${topic}`, length };
    }
  }
}

function percentiles(samples: readonly number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b);
  // Nearest rank: the p99 of 500 samples is the 495th, an observed value rather than an interpolation.
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
  return { p50: at(0.5), p99: at(0.99), n: sorted.length };
}

/**
 * Timestamps interaction `id` when interactionCreate reaches the router and when its first REST
 * request (the callback) leaves for the network.
 */
function probe(bot: Bot): { handled(id: string): number } {
  const received = new Map<string, number>();
  const requested = new Map<string, number>();
  // Prepended, so it runs before the router's listener, which does the command's work synchronously.
  bot.client!.prependListener(Events.InteractionCreate, (interaction) =>
    received.set(interaction.id, performance.now()),
  );
  // The REST client's transport hook is the last in-process step before bytes hit the socket.
  const { options } = bot.client!.rest;
  const send = options.makeRequest.bind(options);
  options.makeRequest = (url, init) => {
    const id = /\/interactions\/(\d+)\//.exec(url)?.[1];
    if (id !== undefined && !requested.has(id)) requested.set(id, performance.now());
    return send(url, init);
  };
  return {
    handled(id) {
      const start = received.get(id);
      const end = requested.get(id);
      if (start === undefined || end === undefined) throw new Error(`interaction ${id} was not seen answering`);
      received.delete(id);
      requested.delete(id);
      return end - start;
    },
  };
}

interface Series {
  handling: number[];
  roundTrip: number[];
}

/** Sends interactions one at a time; only those from index WARM_UP on are recorded. */
async function measure(
  count: number,
  send: (i: number) => SentInteraction,
  answered: (sent: SentInteraction, i: number) => Promise<void>,
  handled: (id: string) => number,
): Promise<Series> {
  const series: Series = { handling: [], roundTrip: [] };
  for (let i = 0; i < WARM_UP + count; i++) {
    const started = performance.now();
    const sent = send(i);
    await answered(sent, i);
    const roundTrip = performance.now() - started;
    const handling = handled(sent.id);
    if (i < WARM_UP) continue;
    series.handling.push(handling);
    series.roundTrip.push(roundTrip);
  }
  return series;
}

/**
 * With `prepared`, the bot starts on an existing folder of 10,000 synthetic articles and its store
 * (a warm start, as `npm run bench` does after measuring start-up); without, it writes its own.
 */
export async function benchDiscord(prepared?: { articlesDir: string; storeUrl: string }): Promise<DiscordBench> {
  const dir = await mkdtemp(join(tmpdir(), "newsbrief-bench-discord-"));
  const fake = await FakeDiscord.start();
  let bot: Bot | undefined;
  try {
    if (!prepared) {
      progress(`writing ${ARTICLES.toLocaleString("en")} synthetic articles`);
      writeSyntheticCorpus(join(dir, "articles"), ARTICLES);
    }
    const config = loadConfig({
      DISCORD_TOKEN: fake.token,
      DISCORD_CLIENT_ID: fake.applicationId,
      DISCORD_API_URL: fake.apiBase,
      ARTICLES_DIR: prepared?.articlesDir ?? join(dir, "articles"),
      STORE_URL: prepared?.storeUrl ?? `sqlite://${join(dir, "store.sqlite")}`,
      HEADLINES_CRON: NEVER,
      FEEDS_CRON: NEVER,
      FEEDS_FILE: join(dir, "feeds.json"),
      LOG_LEVEL: "warn",
    });

    progress(
      prepared
        ? "starting the bot on the prepared corpus"
        : "starting the bot: analysing every article cold (about a minute)",
    );
    const loading = performance.now();
    const heartbeat = setInterval(
      () => progress(`  still loading (${Math.round((performance.now() - loading) / 1000)} s)`),
      15_000,
    );
    try {
      bot = await startBot(config, { log: createLogger(config.logLevel), client: { ws: noIdentifyThrottle } });
    } finally {
      clearInterval(heartbeat);
    }
    progress(
      `${bot.corpus.size.toLocaleString("en")} articles loaded in ${((performance.now() - loading) / 1000).toFixed(1)} s`,
    );
    if (bot.corpus.size !== ARTICLES) throw new Error(`loaded ${bot.corpus.size} of ${ARTICLES} articles`);

    const { handled } = probe(bot);
    progress(`autocomplete: ${WARM_UP} warm-up + ${SAMPLES} measured`);
    const autocomplete = await measure(
      SAMPLES,
      (i) => fake.sendAutocomplete("brief", { article: typed(i) }, "article"),
      async (sent, i) => {
        const choices = await fake.choices(sent, ANSWER_TIMEOUT_MS);
        // An empty list would mean the query missed the index, and a cheaper path was timed.
        if (choices.length === 0) throw new Error(`no suggestions for “${typed(i)}”`);
      },
      handled,
    );
    progress(`/brief: ${WARM_UP} warm-up + ${SAMPLES} measured`);
    const brief = await measure(
      SAMPLES,
      (i) => fake.sendCommand("brief", briefOptions(i)),
      async (sent, i) => {
        const message = await fake.reply(sent, ANSWER_TIMEOUT_MS);
        // A notice or an apology instead of a briefing would time the wrong path.
        if (message.embeds.length === 0)
          throw new Error(`/brief ${JSON.stringify(briefOptions(i))} answered “${message.content}”`);
      },
      handled,
    );
    return {
      brief: percentiles(brief.handling),
      autocomplete: percentiles(autocomplete.handling),
      roundTrip: { brief: percentiles(brief.roundTrip), autocomplete: percentiles(autocomplete.roundTrip) },
      articles: bot.corpus.size,
    };
  } finally {
    await bot?.stop();
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  }
}
