import type { Redis } from 'ioredis';
import { type CacheEntry, parseEntry } from './cache-entry.js';

/** Published when entries are invalidated, so every process drops them from its memory tier too. */
export interface InvalidationMessage {
  keys: string[];
  tags: string[];
}

export interface RedisTierOptions {
  client: Redis;
  /** A second connection for SUBSCRIBE (a subscribed connection cannot run other commands); none → no fan-out. */
  subscriber?: Redis;
  /** Prepended to every key, tag set and the channel, e.g. `stride:shop:`; tests use one per run. */
  keyPrefix: string;
}

/**
 * The shared tier. Layout under the prefix: `c:<key>` holds the JSON entry with a PX expiry; `t:<tag>` is the
 * set of keys stored with that tag; `invalidate` is the pub/sub channel. Needs Redis ≥ 7.0 (PEXPIRE NX/GT).
 */
export class RedisTier {
  private readonly client: Redis;
  private readonly subscriber: Redis | undefined;
  private readonly prefix: string;
  private readonly channel: string;

  constructor({ client, subscriber, keyPrefix }: RedisTierOptions) {
    this.client = client;
    this.subscriber = subscriber;
    this.prefix = keyPrefix;
    this.channel = `${keyPrefix}invalidate`;
  }

  async get(key: string): Promise<CacheEntry | undefined> {
    return parseEntry(await this.client.get(this.entryKey(key)));
  }

  async set(key: string, entry: CacheEntry, ttlMillis: number): Promise<void> {
    const multi = this.client.multi().set(this.entryKey(key), JSON.stringify(entry), 'PX', ttlMillis);
    for (const tag of entry.tags) {
      const tagKey = this.tagKey(tag);
      // The tag set must outlive its longest-lived member: NX sets a first expiry, GT only ever extends it.
      multi.sadd(tagKey, key).pexpire(tagKey, ttlMillis, 'NX').pexpire(tagKey, ttlMillis, 'GT');
    }
    const results = await multi.exec();
    const failed = results?.find(([err]) => err !== null);
    if (failed?.[0]) throw failed[0];
  }

  /** Deletes the keys and every key in the tag sets (and the sets); returns all keys deleted. */
  async delete(keys: readonly string[], tags: readonly string[]): Promise<string[]> {
    const tagged =
      tags.length === 0 ? [] : await Promise.all(tags.map((tag) => this.client.smembers(this.tagKey(tag))));
    const all = [...new Set([...keys, ...tagged.flat()])];
    const redisKeys = [...all.map((key) => this.entryKey(key)), ...tags.map((tag) => this.tagKey(tag))];
    if (redisKeys.length > 0) await this.client.del(...redisKeys);
    return all;
  }

  async publish(message: InvalidationMessage): Promise<void> {
    await this.client.publish(this.channel, JSON.stringify(message));
  }

  /** Calls `listener` for every invalidation published by any process (this one included). */
  async subscribe(listener: (message: InvalidationMessage) => void): Promise<void> {
    if (!this.subscriber) return;
    this.subscriber.on('message', (channel: string, text: string) => {
      if (channel !== this.channel) return;
      try {
        const parsed = JSON.parse(text) as Partial<InvalidationMessage>;
        listener({ keys: parsed.keys ?? [], tags: parsed.tags ?? [] });
      } catch {
        // Not ours or garbled; entries expire by TTL anyway.
      }
    });
    await this.subscriber.subscribe(this.channel);
  }

  private entryKey(key: string): string {
    return `${this.prefix}c:${key}`;
  }

  private tagKey(tag: string): string {
    return `${this.prefix}t:${tag}`;
  }
}
