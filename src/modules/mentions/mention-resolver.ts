import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { avatarUrlOf } from '../uploads/upload-url';
import {
  firstMentions,
  NO_MENTIONS,
  type MentionCandidate,
  type ResolvedMentions,
} from './mention-syntax';

/** At most this many members answer one `@` autocomplete. */
export const SUGGEST_LIMIT = 8;

/** A member the `@` autocomplete offers. */
export interface MentionSuggestion {
  id: string;
  displayName: string;
  avatarUrl: string | null;
}

interface NamedRow {
  id: string;
  display_name: string;
  avatar_upload_id?: string | null;
}

/** `%`, `_` and `\` are literal in a member's name, not `LIKE` wildcards. */
function likePrefix(text: string): string {
  return `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Decides which members a text's `@` candidates name: an explicit `@[name](id)` names the
 * member with that id; a plain `@name` names the one member whose display name is that,
 * case-insensitively (none when several share it). Erased members are never named. One
 * indexed query per text.
 */
@Injectable()
export class MentionResolver {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The first ten distinct members the candidates name, in order (`firstMentions`): their
   * ids to notify and the lookup the renderer links them with.
   */
  async resolve(
    candidates: readonly MentionCandidate[],
    em: EntityManager = this.dataSource.manager,
  ): Promise<{ mentions: ResolvedMentions; memberIds: string[] }> {
    if (candidates.length === 0) return { mentions: NO_MENTIONS, memberIds: [] };
    const ids = [
      ...new Set(candidates.flatMap((c) => (c.kind === 'explicit' ? [c.memberId] : []))),
    ];
    const names = [
      ...new Set(candidates.flatMap((c) => (c.kind === 'plain' ? [c.name.toLowerCase()] : []))),
    ];
    const rows = await em.query<NamedRow[]>(
      `SELECT id, display_name FROM members
        WHERE erased_at IS NULL
          AND (id = ANY($1::uuid[]) OR lower(display_name) = ANY($2::text[]))`,
      [ids, names],
    );
    const byId = new Map<string, string>();
    const byName = new Map<string, { memberId: string; displayName: string }>();
    const shared = new Set<string>();
    const wanted = new Set(ids);
    for (const row of rows) {
      if (wanted.has(row.id)) byId.set(row.id, row.display_name);
      const name = row.display_name.toLowerCase();
      if (!names.includes(name)) continue;
      if (byName.has(name)) shared.add(name);
      byName.set(name, { memberId: row.id, displayName: row.display_name });
    }
    for (const name of shared) byName.delete(name);
    return firstMentions(candidates, { byId, byName });
  }

  /**
   * Up to eight members whose display name starts with `q` (case-insensitive), the exact
   * name first, then shorter names: for the `@` autocomplete. Erased members and the
   * caller are left out.
   */
  async suggest(callerId: string, q: string): Promise<MentionSuggestion[]> {
    const text = q.trim().replace(/^@/, '').toLowerCase();
    if (text.length === 0) return [];
    const rows = await this.dataSource.query<NamedRow[]>(
      `SELECT id, display_name, avatar_upload_id FROM members
        WHERE erased_at IS NULL AND id <> $1
          AND lower(display_name) LIKE $2 ESCAPE '\\'
        ORDER BY lower(display_name) = $3 DESC, length(display_name), lower(display_name), id
        LIMIT ${SUGGEST_LIMIT}`,
      [callerId, likePrefix(text), text],
    );
    return rows.map((row) => ({
      id: row.id,
      displayName: row.display_name,
      avatarUrl: avatarUrlOf(row.avatar_upload_id),
    }));
  }
}
