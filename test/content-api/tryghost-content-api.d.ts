// @tryghost/content-api ships no types; this declares the part the compatibility test drives.
declare module '@tryghost/content-api' {
  /** What the client hands to `makeRequest`: the same arguments it would give axios. */
  export interface GhostRequest {
    url: string;
    method: string;
    params: Record<string, unknown>;
    headers: Record<string, string>;
  }

  export interface GhostContentAPIOptions {
    url: string;
    key: string;
    version: string | boolean;
    ghostPath?: string;
    userAgent?: string | boolean;
    makeRequest?: (request: GhostRequest) => Promise<{ data: unknown }>;
  }

  export type GhostObject = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- read loosely
  export type GhostList = GhostObject[] & { meta: { pagination: GhostObject } };
  type Params = Record<string, unknown>;

  export interface Browsable {
    browse(options?: Params): Promise<GhostList>;
  }
  export interface Readable {
    read(data: { id?: string; slug?: string }, options?: Params): Promise<GhostObject>;
  }

  export interface GhostContentAPI {
    posts: Browsable & Readable;
    pages: Browsable & Readable;
    tags: Browsable & Readable;
    authors: Browsable & Readable;
    settings: { browse(options?: Params): Promise<GhostObject> };
  }

  export default function GhostContentAPI(options: GhostContentAPIOptions): GhostContentAPI;
}
