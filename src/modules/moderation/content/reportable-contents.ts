import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { NotFoundError } from '../../../common/errors/domain-error';
import {
  ReportableContentSource,
  type ReportableContent,
} from '../../../common/moderation/reportable-content';
import { REPORT_TARGET_TYPES, type ReportTargetType } from '../report.entity';

const isReportTargetType = (type: string): type is ReportTargetType =>
  (REPORT_TARGET_TYPES as readonly string[]).includes(type);

/**
 * Each report target type with the one content that answers for it. A type without
 * content, two contents for one type, or content of a type reports do not know stop
 * the start: a report must never reach a feature that cannot hide it.
 */
export function indexByType(
  contents: readonly ReportableContent[],
): Map<ReportTargetType, ReportableContent> {
  const index = new Map<ReportTargetType, ReportableContent>();
  for (const content of new Set(contents)) {
    if (!isReportTargetType(content.type)) {
      throw new Error(`Reportable content of unknown type "${content.type}"`);
    }
    if (index.has(content.type)) {
      throw new Error(`Two reportable contents for type "${content.type}"`);
    }
    index.set(content.type, content);
  }
  const missing = REPORT_TARGET_TYPES.filter((type) => !index.has(type));
  if (missing.length > 0) {
    throw new Error(`No reportable content for type ${missing.map((t) => `"${t}"`).join(', ')}`);
  }
  return index;
}

/**
 * The kinds of content members report, found among every feature's providers marked
 * `@ReportableContentSource()`: moderation reaches posts, comments and messages through
 * them, never through the features' services.
 */
@Injectable()
export class ReportableContents implements OnModuleInit {
  private contents = new Map<ReportTargetType, ReportableContent>();

  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    const found = this.discovery
      .getProviders({ metadataKey: ReportableContentSource.KEY })
      .map((wrapper) => wrapper.instance as ReportableContent);
    this.contents = indexByType(found);
  }

  /** The content of this type (a type with none is refused at start, never here). */
  of(type: ReportTargetType): ReportableContent {
    const content = this.contents.get(type);
    if (!content) throw new NotFoundError('Content');
    return content;
  }
}
