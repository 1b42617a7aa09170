// What every route module receives.
import type { WebContext } from "../server/api/index.ts";
import type { Web } from "./http/web.tsx";
import type { News } from "./news.ts";

export interface Deps {
  w: Web;
  ctx: WebContext;
  news: News;
}
