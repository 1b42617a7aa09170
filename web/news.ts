// News items for the home page, stored as JSON documents in the store's plugin-data
// table (namespace "web") through the context. Keys sort newest first.
import { randomBytes } from "node:crypto";
import type { WebData } from "../server/api/index.ts";

export interface NewsItem {
  id: string;
  title: string;
  body: string;
  author: string;
  at: number;
  updatedAt?: number;
}

const PREFIX = "news:";
const MAX_AT = 999_999_999_999_999;
export const NEWS_ID_RE = /^\d{15}-[0-9a-f]{8}$/;

export class News {
  constructor(
    private data: WebData,
    private clock: { now(): number },
  ) {}

  async list(limit = 20): Promise<NewsItem[]> {
    const rows = await this.data.list<NewsItem>(PREFIX, { limit });
    return rows.map((r) => r.value);
  }

  async get(id: string): Promise<NewsItem | undefined> {
    if (!NEWS_ID_RE.test(id)) return undefined;
    return this.data.get<NewsItem>(PREFIX + id);
  }

  async create(title: string, body: string, author: string): Promise<NewsItem> {
    const at = this.clock.now();
    const id = `${String(MAX_AT - at).padStart(15, "0")}-${randomBytes(4).toString("hex")}`;
    const item: NewsItem = { id, title, body, author, at };
    await this.data.put(PREFIX + id, item);
    return item;
  }

  async update(id: string, title: string, body: string): Promise<NewsItem | undefined> {
    const cur = await this.get(id);
    if (!cur) return undefined;
    const next = { ...cur, title, body, updatedAt: this.clock.now() };
    await this.data.put(PREFIX + id, next);
    return next;
  }

  async remove(id: string): Promise<boolean> {
    if (!NEWS_ID_RE.test(id)) return false;
    return this.data.delete(PREFIX + id);
  }
}

/** Paragraphs of a news body (blank-line separated); each is escaped where it is shown. */
export function paragraphs(body: string): string[] {
  return body
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.trim())
    .filter(Boolean);
}
