// Which gateway shard owns a guild, by Discord's rule `(guild_id >> 22) % shard_count`, and ids made
// to land on a chosen shard, so that tests can build worlds with guilds on every shard.
import { snowflake } from "./world.js";

/** A shard as IDENTIFY names it: `[shard_id, num_shards]`. */
export type ShardSpec = readonly [id: number, count: number];

export function shardOf(guildId: string, count: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(count));
}

export function ownsGuild(shard: ShardSpec, guildId: string): boolean {
  return shardOf(guildId, shard[1]) === shard[0];
}

/** A fresh snowflake whose guild would be served by shard `id` of `count`. */
export function snowflakeOnShard(id: number, count: number): string {
  if (!Number.isInteger(id) || !Number.isInteger(count) || id < 0 || id >= count)
    throw new Error(`no shard ${id} of ${count}`);
  const base = BigInt(snowflake());
  // The shard is set by the timestamp bits: step the timestamp back by up to count - 1 ms.
  const timestamp = base >> 22n;
  const shifted = timestamp - ((((timestamp - BigInt(id)) % BigInt(count)) + BigInt(count)) % BigInt(count));
  return ((shifted << 22n) | (base & 0x3fffffn)).toString();
}

/** A valid IDENTIFY `shard` field, or undefined (then the gateway closes with 4010, Invalid shard). */
export function parseShard(value: unknown): ShardSpec | undefined {
  if (value === undefined) return [0, 1];
  if (!Array.isArray(value) || value.length !== 2) return undefined;
  const [id, count] = value as unknown[];
  if (!Number.isInteger(id) || !Number.isInteger(count)) return undefined;
  const spec: ShardSpec = [id as number, count as number];
  return spec[1] >= 1 && spec[0] >= 0 && spec[0] < spec[1] ? spec : undefined;
}
