// The Actions cache service of github.com as @actions/cache reaches it: cache service v2
// (ACTIONS_CACHE_SERVICE_V2), the Twirp CacheService of the results service under
// ACTIONS_RESULTS_URL, and archives moved to and from blob storage through the signed URLs
// it hands out. The protocol definition is the one @actions/cache ships in its generated
// code, so a request the real client would not send fails here.
//
// Semantics kept from the service: entries are immutable and unique per (key, version) —
// reserving one again is 409 already_exists; an entry is found only once finalized; a lookup
// takes the exact key, then each restore key as a prefix, newest first, and only entries of
// the same version (a hash of the paths and the compression @actions/cache computes).
import { CacheService } from '../node_modules/@actions/cache/lib/generated/results/api/v1/cache.js';
import { type BlobStorage, startBlobStorage } from './blob-storage.ts';
import { startTwirpServer, TwirpError, type TwirpServer } from './twirp.ts';

export interface CacheEntry {
  readonly id: number;
  readonly key: string;
  readonly version: string;
  /** The blob the archive is uploaded to. */
  readonly blob: string;
  /** Set by FinalizeCacheEntryUpload; only then is the entry found. */
  sizeBytes?: number;
}

export interface CacheServiceDouble {
  /** The variables the runner gives a JavaScript action to reach the service. */
  readonly env: Record<string, string>;
  /** Every entry, reserved or finalized, in creation order. */
  readonly entries: CacheEntry[];
  readonly twirp: TwirpServer;
  readonly storage: BlobStorage;
  /** Finalized entries, by key. */
  saved(): string[];
  /** The archive of a finalized entry. */
  archive(key: string): Buffer | undefined;
  /** Protocol violations seen by the Twirp server and the blob storage. */
  violations(): string[];
  close(): Promise<void>;
}

/** The reservation conflict's message, as github.com words it. */
export const alreadyExists = 'cache entry with the same key, version, and scope already exists';

export async function startCacheService(): Promise<CacheServiceDouble> {
  const token = `runtime-token-${Date.now()}`;
  const storage = await startBlobStorage();
  const entries: CacheEntry[] = [];
  const finalized = () => entries.filter((entry) => entry.sizeBytes !== undefined);

  const twirp = await startTwirpServer(
    CacheService,
    {
      CreateCacheEntry(input: { key: string; version: string }) {
        requireKeyAndVersion(input);
        if (entries.some((entry) => entry.key === input.key && entry.version === input.version))
          throw new TwirpError('already_exists', alreadyExists);
        const id = entries.length + 1;
        const entry: CacheEntry = {
          id,
          key: input.key,
          version: input.version,
          blob: `caches/${id}`,
        };
        entries.push(entry);
        return { ok: true, signedUploadUrl: storage.signedUrl(entry.blob, 'cw'), message: '' };
      },
      FinalizeCacheEntryUpload(input: { key: string; version: string; sizeBytes: string }) {
        requireKeyAndVersion(input);
        const entry = entries.find(
          (candidate) =>
            candidate.key === input.key &&
            candidate.version === input.version &&
            candidate.sizeBytes === undefined,
        );
        if (!entry) throw new TwirpError('not_found', `no reserved cache entry ${input.key}`);
        const uploaded = storage.blobs.get(entry.blob);
        if (!uploaded) throw new TwirpError('failed_precondition', 'nothing was uploaded');
        if (uploaded.length !== Number(input.sizeBytes))
          throw new TwirpError(
            'invalid_argument',
            `size_bytes ${input.sizeBytes} but ${uploaded.length} bytes were uploaded`,
          );
        entry.sizeBytes = uploaded.length;
        return { ok: true, entryId: String(entry.id), message: '' };
      },
      GetCacheEntryDownloadURL(input: { key: string; restoreKeys: string[]; version: string }) {
        requireKeyAndVersion(input);
        const candidates = finalized()
          .filter((entry) => entry.version === input.version)
          .reverse();
        const match =
          candidates.find((entry) => entry.key === input.key) ??
          input.restoreKeys
            .map((prefix) => candidates.find((entry) => entry.key.startsWith(prefix)))
            .find((entry) => entry !== undefined);
        if (!match) return { ok: false, signedDownloadUrl: '', matchedKey: '' };
        return {
          ok: true,
          signedDownloadUrl: storage.signedUrl(match.blob, 'r'),
          matchedKey: match.key,
        };
      },
    },
    { token },
  );

  return {
    env: {
      ACTIONS_CACHE_SERVICE_V2: 'True',
      ACTIONS_RESULTS_URL: twirp.url,
      ACTIONS_RUNTIME_TOKEN: token,
    },
    entries,
    twirp,
    storage,
    saved: () => finalized().map((entry) => entry.key),
    archive: (key) => {
      const entry = finalized().find((candidate) => candidate.key === key);
      return entry && storage.blobs.get(entry.blob);
    },
    violations: () => [...twirp.violations, ...storage.violations],
    close: async () => {
      await Promise.all([twirp.close(), storage.close()]);
    },
  };
}

function requireKeyAndVersion(input: { key: string; version: string }): void {
  if (!input.key) throw new TwirpError('invalid_argument', 'key is required');
  if (!input.version) throw new TwirpError('invalid_argument', 'version is required');
}
