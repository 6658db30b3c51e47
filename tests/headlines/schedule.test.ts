// Which servers a headline tick posts to depends on who runs it: a node-cron tick serves this
// process's shards, a pg-boss tick runs once for the whole cluster and so serves every shard's.
import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import type { Client } from "discord.js";
import { connect, createClient } from "../../src/discord/client.js";
import { startHeadlineSchedule } from "../../src/headlines/schedule.js";
import { SubscriptionStore } from "../../src/headlines/subscriptions.js";
import type { Scheduler } from "../../src/jobs/index.js";
import { createLogger } from "../../src/log.js";
import { Store } from "../../src/store.js";
import {
  FakeDiscord,
  noIdentifyThrottle,
  snowflake,
  snowflakeOnShard,
  type FakeGuild,
} from "../support/fake-discord.js";
import { TestLibrary } from "./library.js";

/** Runs jobs only when asked, as a scheduler of the given kind. */
function handScheduler(kind: Scheduler["kind"]): Scheduler {
  return {
    kind,
    every: (job) => ({ runNow: () => job.run({ slot: "by-hand" }, new AbortController().signal) }),
    items: () => ({ dispatch: async () => null }),
    start: async () => {},
    stop: async () => {},
  };
}

const log = createLogger("silent");
let cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

async function postedChannels(kind: Scheduler["kind"]): Promise<{ posted: string[]; zero: string; one: string }> {
  const guild = (shard: number): FakeGuild => ({
    id: snowflakeOnShard(shard, 2),
    name: `shard ${shard}`,
    channels: [{ id: snowflake(), name: "news" }],
  });
  const [zero, one] = [guild(0), guild(1)];
  const fake = await FakeDiscord.start({ guilds: [zero, one] });
  cleanup.push(() => fake.close());
  const client: Client = createClient(fake.apiBase, { ws: noIdentifyThrottle }, { ids: [0], count: 2 });
  cleanup.push(() => client.destroy());
  await connect(client, fake.token);
  const store = new Store(`memory://${randomUUID()}`, log);
  cleanup.push(() => store.close());

  const subscriptions = new SubscriptionStore(store);
  const before = new Date(Date.now() - 60_000);
  for (const g of [zero, one])
    await subscriptions.subscribe({ guildId: g.id, channelId: g.channels[0]!.id, now: before });
  const library = new TestLibrary(() => new Date());
  library.add({ id: "rail-strike", title: "Rail strike called off", publishedAt: new Date().toISOString() });

  const config = { cron: "0 0 1 1 *", maxAgeDays: 3, perTick: 5 };
  const schedule = startHeadlineSchedule({
    client,
    library,
    store,
    subscriptions,
    config,
    scheduler: handScheduler(kind),
    log,
  });
  await schedule.tick();
  await schedule.stop();
  return {
    posted: fake.channelMessages.map((m) => m.channel_id),
    zero: zero.channels[0]!.id,
    one: one.channels[0]!.id,
  };
}

describe("the headline schedule", () => {
  it("posts only to this process's shards when node-cron runs the tick", async () => {
    const { posted, zero } = await postedChannels("cron");
    expect(posted).toEqual([zero]);
  });

  it("posts over REST to servers on every shard when the tick runs once for the cluster", async () => {
    const { posted, zero, one } = await postedChannels("pg-boss");
    expect(posted.sort()).toEqual([zero, one].sort());
  });
});
