/** A moderator resolved a report (raised after the commit). */
export interface ReportResolvedEvent {
  reportId: string;
  reporterId: string;
  action: 'dismiss' | 'hide_content';
  targetType: 'post' | 'comment' | 'message';
  targetId: string;
  /** The moderator who resolved it. */
  resolvedBy: string;
}

declare module '../../common/events/domain-events' {
  interface DomainEvents {
    'report.resolved': ReportResolvedEvent;
  }
}
