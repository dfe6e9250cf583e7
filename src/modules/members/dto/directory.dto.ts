import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { MAX_QUERY_TOKENS } from '../../../common/search/search-tokens';
import { PageQuery } from '../../../common/validation/decorators';
import { OPERATOR_TYPES, TIERS, type OperatorType, type Tier } from '../member.types';
import { PublicProfileDto } from './member.dto';

/** Longest directory query, in characters (of which only `MAX_QUERY_TOKENS` tokens count). */
const DIRECTORY_QUERY_MAX = 200;

export class ListDirectoryQueryDto extends PageQuery {
  @ApiPropertyOptional({
    maxLength: DIRECTORY_QUERY_MAX,
    description:
      'Search over display name, company (where shown) and expertise, Chinese and English; ' +
      `only the first ${MAX_QUERY_TOKENS} words or two-character pieces count. Best match ` +
      'first. Counts against the search rate limit.',
  })
  @IsOptional()
  @IsString()
  @Length(1, DIRECTORY_QUERY_MAX)
  q?: string;

  @ApiPropertyOptional({ enum: OPERATOR_TYPES })
  @IsOptional()
  @IsIn(OPERATOR_TYPES)
  operatorType?: OperatorType;

  @ApiPropertyOptional({ description: 'Members with this expertise (as a tag: case-insensitive)' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().toLowerCase() : value,
  )
  @IsString()
  @Length(1, 32)
  expertise?: string;

  @ApiPropertyOptional({ enum: TIERS })
  @IsOptional()
  @IsIn(TIERS)
  tier?: Tier;
}

export class MemberPageDto {
  @ApiProperty({ type: [PublicProfileDto] }) items!: PublicProfileDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
