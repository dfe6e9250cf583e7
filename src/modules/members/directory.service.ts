import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { AuthMember } from '../../common/auth/auth-member';
import { keysetEntityPage, type KeysetOrder } from '../../common/pagination/keyset';
import type { Page } from '../../common/pagination/page';
import { queryTokens } from '../../common/search/search-tokens';
import type { ListDirectoryQueryDto } from './dto/directory.dto';
import type { PublicProfileDto } from './dto/member.dto';
import { Member } from './member.entity';
import { toMemberRecord } from './member.record';
import { MembersService } from './members.service';

/** Who the directory lists: members who chose to be listed and have not erased their account. */
const LISTED = 'm.listed_in_directory AND m.erased_at IS NULL';

const NEWEST_FIRST: KeysetOrder = {
  keys: [
    { sql: 'm.created_at', kind: 'time' },
    { sql: 'm.id', kind: 'uuid' },
  ],
  direction: 'DESC',
};

/**
 * How well a member matches a search they all match (every token is in their name, company
 * or expertise): 3 for the exact name, 2 when every token is in the name, else 0.
 */
const MATCH_SCORE = `((m.name_tokens @> CAST(:tokens AS text[]))::int * 2
  + (lower(m.display_name) = :exactName)::int)`;

/** With `q`: best match first, then the newest. */
const BEST_MATCH_FIRST: KeysetOrder = {
  keys: [{ sql: MATCH_SCORE, kind: 'int' }, ...NEWEST_FIRST.keys],
  direction: 'DESC',
};

/**
 * The member directory: listed members, filtered by operator type, expertise and tier, and
 * searched over name, company (only where shown) and expertise with the posts' tokenizer.
 * Suspended members stay listed: a suspension stops their writing, not their being found,
 * and hiding them would tell everyone about it.
 */
@Injectable()
export class DirectoryService {
  constructor(
    @InjectRepository(Member) private readonly members: Repository<Member>,
    private readonly profiles: MembersService,
  ) {}

  async list(viewer: AuthMember, query: ListDirectoryQueryDto): Promise<Page<PublicProfileDto>> {
    const tokens = query.q === undefined ? undefined : queryTokens(query.q);
    if (tokens?.length === 0) return { items: [], nextCursor: null };
    const builder = this.members.createQueryBuilder('m').where(LISTED);
    if (query.operatorType) {
      builder.andWhere('m.operator_type = :operatorType', { operatorType: query.operatorType });
    }
    if (query.tier) builder.andWhere('m.tier = :tier', { tier: query.tier });
    if (query.expertise) {
      builder.andWhere('m.expertise @> ARRAY[CAST(:expertise AS text)]', {
        expertise: query.expertise,
      });
    }
    if (tokens) {
      builder.andWhere('m.search_tokens @> CAST(:tokens AS text[])', {
        tokens,
        exactName: query.q?.trim().toLowerCase(),
      });
    }
    const page = await keysetEntityPage(
      builder,
      tokens ? BEST_MATCH_FIRST : NEWEST_FIRST,
      query,
      toMemberRecord,
    );
    return {
      items: await this.profiles.publicProfiles(page.items, viewer),
      nextCursor: page.nextCursor,
    };
  }
}
