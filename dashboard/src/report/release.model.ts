import type { ReleaseFieldsFragment } from "../gql/graphql.js";

export type Release = ReleaseFieldsFragment;

/** A release picked by the user; null: the current release (what the API reads when none is named). */
export type ReleaseChoice = Pick<Release, "id" | "version"> | null;

/** The variables every report operation takes for the release it reads. */
export function releaseVariables(choice: ReleaseChoice): { release: string | null; version: number | null } {
  return { release: choice?.id ?? null, version: choice?.version ?? null };
}

/** A release's key in a menu ("2026-11@1"), and back. */
export const releaseKey = (release: Pick<Release, "id" | "version">) => `${release.id}@${release.version}`;
export function parseReleaseKey(key: string): ReleaseChoice {
  const match = /^(\d{4}-\d{2})@(\d+)$/.exec(key);
  return match ? { id: match[1]!, version: Number(match[2]) } : null;
}
