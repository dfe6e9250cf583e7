import { Module } from '@nestjs/common';
import { MentionResolver } from './mention-resolver';

/**
 * `@` mentions: the syntax (`mention-syntax.ts`, used by the Markdown renderer and the chat),
 * and `MentionResolver`, which decides whom a text names. Features that store text resolve
 * its mentions at write time and raise `content.mentioned`; notifications decide who is told.
 */
@Module({
  providers: [MentionResolver],
  exports: [MentionResolver],
})
export class MentionsModule {}
