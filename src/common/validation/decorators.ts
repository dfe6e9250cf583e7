import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
} from 'class-validator';

/** Trims a string; leaves anything else alone for the validators to refuse. */
export const Trim = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/** A trimmed string of `min`–`max` characters. */
export function TrimmedText(min: number, max: number): PropertyDecorator {
  return applyDecorators(Trim(), IsString(), Length(min, max));
}

/** A list of tags: trimmed, lower-cased, each 1–32 characters, de-duplicated. */
export function TagList(maxItems: number): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) =>
      Array.isArray(value)
        ? [
            ...new Set(
              (value as unknown[]).map((tag) =>
                typeof tag === 'string' ? tag.trim().toLowerCase() : tag,
              ),
            ),
          ]
        : value,
    ),
    IsArray(),
    ArrayMaxSize(maxItems),
    IsString({ each: true }),
    Length(1, 32, { each: true }),
  );
}

/** `?flag=true|false` from a query string. */
export function QueryBoolean(): PropertyDecorator {
  return applyDecorators(
    IsOptional(),
    Transform(({ value }: { value: unknown }) =>
      value === 'true' ? true : value === 'false' ? false : value,
    ),
    IsBoolean(),
  );
}

/** A route parameter that must be a UUID (else 400, never a database error). */
export class IdParam {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  id!: string;
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** `?limit=&cursor=` of every long list. */
export class PageQuery {
  @ApiProperty({ required: false, minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit: number = DEFAULT_PAGE_SIZE;

  @ApiProperty({ required: false, description: 'The `nextCursor` of the previous page' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  cursor?: string;
}
